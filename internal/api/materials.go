package api

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

// uploadLimit is the largest upload request: the one route whose body
// may exceed MaxBody.
const uploadLimit = int64(meeting.MaxMaterial) + uploadSlack

func uploadTooLarge(w http.ResponseWriter) {
	// The rest of the body is not read; the connection is closed after
	// the answer instead.
	w.Header().Set("Connection", "close")
	writeError(w, &Error{Status: http.StatusRequestEntityTooLarge, Code: "too_large",
		Message: "the file is larger than " + itoa(meeting.MaxMaterial>>20) + " MB"})
}

// uploadMaterial attaches a file, sent as multipart/form-data in the
// field "file" (and optionally the agenda item's id in "item"), to the
// meeting or one of its items. The size limit is enforced before
// anything is read: a request that says it is larger is refused at once,
// and one that grows larger on the way is cut off, so a 2 GB upload never
// fills memory or the database, and nothing is written when it fails.
func (a *API) uploadMaterial(w http.ResponseWriter, r *Req) {
	id, ok := meetingOf(w, r)
	if !ok {
		return
	}
	if r.ContentLength > uploadLimit {
		uploadTooLarge(w)
		return
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "multipart/form-data" {
		writeError(w, &Error{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type",
			Message: "send the file as multipart/form-data, in a field named file"})
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, uploadLimit)
	name, item, data, err := meeting.ReadUpload(r.Request)
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig) || errors.Is(err, meeting.ErrUploadTooLarge):
		uploadTooLarge(w)
		return
	case errors.Is(err, meeting.ErrBadItem):
		writeError(w, errValidation(FieldError{"item", "not an agenda item id"}))
		return
	case err != nil:
		writeError(w, errBadRequest("malformed multipart body: "+err.Error()))
		return
	case name == "":
		writeError(w, errValidation(FieldError{"file", "send the file in a multipart field named file, with its file name"}))
		return
	}
	mat, err := a.meetings.Upload(r.Context(), r.Agreement, a.actor(r), id, item, name, data)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := materialOut(r.Agreement, *mat)
	w.Header().Set("Location", out.Href)
	writeJSON(w, http.StatusCreated, out)
}

// downloadMaterial sends one version of a file, always as a download.
func (a *API) downloadMaterial(w http.ResponseWriter, r *Req) {
	id, ok := meetingOf(w, r)
	if !ok {
		return
	}
	matID, ok := pathID(r, "material")
	if !ok {
		writeError(w, errNotFound("no material "+r.PathValue("material")))
		return
	}
	ctx := r.Context()
	var mat *gov.Material
	var data []byte
	err := a.store.ReadMeetings(ctx, func(tx *store.Tx) error {
		m, _, err := visibleMeeting(ctx, tx, r, id)
		if err != nil {
			return err
		}
		mat, data, err = tx.MaterialData(ctx, m.ID, matID)
		if errors.Is(err, store.ErrNotFound) {
			return errNotFound("no material " + itoa(matID) + " in meeting " + itoa(id))
		}
		return err
	})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", meeting.DownloadType(mat.ContentType))
	cd := mime.FormatMediaType("attachment", map[string]string{"filename": meeting.CleanName(mat.Name)})
	if cd == "" {
		cd = `attachment; filename="file"`
	}
	h.Set("Content-Disposition", cd)
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}
