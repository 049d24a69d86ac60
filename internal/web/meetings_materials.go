package web

import (
	"errors"
	"mime"
	"net/http"
	"strconv"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/store"
)

// uploadSlack is what a multipart request may carry besides the file:
// the boundaries, part headers and the item field.
const uploadSlack = 64 << 10

// uploadMaterial attaches a file to the meeting or one of its items. The
// size limit is enforced before anything is read: a request that says
// it is larger is refused at once, and one that grows larger on the way
// is cut off by MaxBytesReader, so a 2 GB upload never fills memory or
// the database, and nothing is written when an upload fails.
func (s *Server) uploadMaterial(w http.ResponseWriter, r *Req) {
	id, ok := meetingID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	name, item, data, ok := s.readUpload(w, r)
	if !ok {
		return
	}
	if name == "" {
		s.showMeeting(w, r, http.StatusUnprocessableEntity, mtgForm{}, []FieldError{{Field: "material-file", Msg: s.cat.T(r.Lang, "meetings.upload.nofile")}})
		return
	}
	_, err := s.meetingSvc().Upload(r.Context(), r.Agreement, s.actor(r), id, item, name, data)
	if errs, ok := s.fieldErrors(r.Lang, err, func(string) string { return "material-file" }); ok {
		s.showMeeting(w, r, http.StatusUnprocessableEntity, mtgForm{}, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.toMeeting(w, r, id, "meetings.flash.uploaded", "materials")
}

// readUpload reads a file upload of at most meeting.MaxMaterial (a
// meeting's material, a complaint's attachment) with its optional item
// field. The limit is enforced before anything is read: a request that
// says it is larger is refused at once, one that grows larger on the way
// is cut off. ok is false when the answer has been written; name is ""
// when the form held no file, which the caller reports on its own form.
func (s *Server) readUpload(w http.ResponseWriter, r *Req) (name string, item int64, data []byte, ok bool) {
	limit := int64(meeting.MaxMaterial) + uploadSlack
	if r.ContentLength > limit {
		s.uploadTooLarge(w, r)
		return "", 0, nil, false
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	name, item, data, err := meeting.ReadUpload(r.Request)
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig) || errors.Is(err, meeting.ErrUploadTooLarge):
		s.uploadTooLarge(w, r)
		return "", 0, nil, false
	case err != nil:
		s.renderError(w, r, http.StatusBadRequest, "error.badrequest")
		return "", 0, nil, false
	}
	return name, item, data, true
}

func (s *Server) uploadTooLarge(w http.ResponseWriter, r *Req) {
	// The rest of the body is not read; the connection is closed after
	// the answer instead.
	w.Header().Set("Connection", "close")
	s.renderError(w, r, http.StatusRequestEntityTooLarge, "meetings.upload.toolarge", "Max", meeting.MaxMaterial>>20)
}

// downloadMaterial sends one version of a file, always as a download.
func (s *Server) downloadMaterial(w http.ResponseWriter, r *Req) {
	id, ok := meetingID(r)
	matID, ok2 := pathID(r, "material")
	if !ok || !ok2 {
		s.notFound(w, r)
		return
	}
	l, err := s.lensFor(r, r.Agreement)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	ctx := r.Context()
	var mat *gov.Material
	var data []byte
	err = s.store.ReadMeetings(ctx, func(tx *store.Tx) error {
		m, err := tx.Meeting(ctx, r.Agreement.Slug, id, false)
		if err != nil {
			return err
		}
		if l.visibleForum(m.Forum) == nil {
			return store.ErrNotFound
		}
		mat, data, err = tx.MaterialData(ctx, m.ID, matID)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return
	} else if err != nil {
		s.serverError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", meeting.DownloadType(mat.ContentType))
	cd := mime.FormatMediaType("attachment", map[string]string{"filename": meeting.CleanName(mat.Name)})
	if cd == "" {
		cd = `attachment; filename="file"`
	}
	h.Set("Content-Disposition", cd)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}
