package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/steerco/steerco/internal/store"
)

// onceParam is the one-time token that static/app.js puts into the action
// of every POST form when the page loads. A form submitted twice (a double
// click, a reload of the POST, a second tab) carries the same token.
const onceParam = "_once"

// once runs a form submission at most once per user and token: the first
// runs; a repeat of one that ended in a redirect is sent to the same place
// (the first result) and changes nothing; a repeat while the first still
// runs waits for it briefly. A submission that did not redirect (a form
// with errors, a failure) is forgotten, so the corrected form goes
// through. Without JavaScript there is no token and nothing changes.
func (s *Server) once(w http.ResponseWriter, r *Req, h handlerFunc) {
	q := r.URL.Query()
	token := q.Get(onceParam)
	if r.Method != http.MethodPost || r.User == nil || token == "" {
		h(w, r)
		return
	}
	// The handler sees the URL without the token (some redirect to
	// their own URL).
	q.Del(onceParam)
	r.URL.RawQuery = q.Encode()
	if len(token) > 64 {
		s.renderError(w, r, http.StatusBadRequest, "error.badrequest")
		return
	}
	scope := "web:user:" + strconv.FormatInt(r.User.ID, 10)
	for wait := 0; ; wait++ {
		prior, err := s.store.ClaimIdempotencyKey(r.Context(), scope, token, "form", s.cfg.Now())
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if prior == nil {
			break
		}
		if prior.Done {
			http.Redirect(w, r.Request, safeNext(prior.Location), http.StatusSeeOther)
			return
		}
		if wait >= 40 {
			s.renderError(w, r, http.StatusConflict, "once.inprogress")
			return
		}
		select {
		case <-r.Context().Done():
			return
		case <-time.After(250 * time.Millisecond):
		}
	}
	rec := &statusRecorder{ResponseWriter: w}
	h(rec, r)
	loc := w.Header().Get("Location")
	var err error
	if rec.status == http.StatusSeeOther && sameSitePath(loc) {
		err = s.store.FinishIdempotencyKey(r.Context(), scope, token, store.IdemResponse{Status: rec.status, Location: loc})
	} else {
		err = s.store.ReleaseIdempotencyKey(r.Context(), scope, token)
	}
	if err != nil {
		s.log.Error("one-time form token", "err", err)
	}
}

// statusRecorder notes the status a handler answered with.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}
