package meeting

import (
	"context"
	"mime"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// MaxMaterial bounds one file. Governance materials are slide decks and
// reports; 25 MB covers them, and the limit keeps a 2 GB upload from
// reaching the database.
const MaxMaterial = 25 << 20

// CleanName makes an uploaded file's name safe to store and show
// (gov.CleanFileName: the rule every upload shares).
func CleanName(name string) string { return gov.CleanFileName(name) }

// Upload attaches a file to a meeting or one of its items. A later file
// of the same name is its next version; the earlier ones are kept. A file
// after the materials deadline is flagged late, to everyone.
func (s *Service) Upload(ctx context.Context, a *gov.Agreement, x Actor, meetingID, itemID int64, name string, data []byte) (*gov.Material, error) {
	if len(data) == 0 {
		return nil, gov.Invalid(fieldErr("file", "meeterr.file.empty", "the file is empty"))
	}
	if len(data) > MaxMaterial {
		return nil, errf(gov.CodeTooLarge, "meeterr.file.toolarge", "the file is {Size} MB; the limit is {Max} MB", "Size", float64(len(data))/(1<<20), "Max", MaxMaterial>>20)
	}
	name = CleanName(name)
	ctype := mime.TypeByExtension(strings.ToLower(filepath.Ext(name)))
	if ctype == "" {
		ctype = http.DetectContentType(data)
	}
	var mat *gov.Material
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		m, sc, err := s.load(ctx, tx, a, x, meetingID)
		if err != nil {
			return err
		}
		if !CanContribute(x, a, sc.f) {
			return forbidden("meeterr.forbidden.materials", "add materials to {Forum}", "Forum", sc.f.Name)
		}
		if m.State == gov.Cancelled || m.State == gov.MinutesApproved {
			return errf(gov.CodeConflict, "meeterr.materials.closed", "the meeting is {State}; materials can no longer be added", "State", m.State)
		}
		if itemID != 0 {
			if _, err := tx.Item(ctx, m.ID, itemID); err != nil {
				return errf(gov.CodeNotFound, "meeterr.noitem", "no agenda item {ID}", "ID", itemID)
			}
		}
		now := s.Now().UTC()
		mat = &gov.Material{MeetingID: m.ID, ItemID: itemID, Name: name, ContentType: ctype, UploadedBy: x.Name(), UploadedAt: now,
			Late: Late(sc.loc, m.MaterialsDue, now)}
		if err := tx.InsertMaterial(ctx, mat, data); err != nil {
			return err
		}
		if mat.Late && m.State == gov.AgendaPublished {
			if err := s.notifyLate(ctx, tx, sc, m, mat); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, x, "material.upload", m, map[string]any{"material": mat.ID, "name": mat.Name, "version": mat.Version, "late": mat.Late, "sha256": mat.SHA256})
	})
	return mat, err
}

// Late reports whether a file arriving at t misses a materials deadline:
// the deadline day counts to its end, in the agreement's time zone.
func Late(loc *time.Location, due string, t time.Time) bool {
	d, err := calendar.ParseDate(due)
	if err != nil {
		return false
	}
	return !t.Before(d.AddDays(1).Time(loc))
}

// safeTypes are the stored content types a download keeps; anything
// else (HTML, SVG, scripts) goes out as application/octet-stream.
var safeTypes = map[string]bool{
	"application/pdf": true, "text/plain": true, "text/csv": true, "image/png": true, "image/jpeg": true, "image/gif": true,
	"application/zip": true, "application/msword": true, "application/vnd.ms-excel": true, "application/vnd.ms-powerpoint": true,
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document":   true,
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":         true,
	"application/vnd.openxmlformats-officedocument.presentationml.presentation": true,
	"application/vnd.oasis.opendocument.text":                                   true,
	"application/vnd.oasis.opendocument.spreadsheet":                            true,
	"application/vnd.oasis.opendocument.presentation":                           true,
}

// DownloadType is the content type a stored file is sent with: the
// stored one when it is a safe document or image type, else
// application/octet-stream, so an uploaded HTML or SVG file can never run
// in the browser of whoever downloads it.
func DownloadType(stored string) string {
	mt, _, err := mime.ParseMediaType(stored)
	if err != nil || !safeTypes[mt] {
		return "application/octet-stream"
	}
	if strings.HasPrefix(mt, "text/") {
		return mt + "; charset=utf-8"
	}
	return mt
}
