package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode"

	"github.com/steerco/steerco/internal/store"
)

// maxIdempotentBody bounds the body a keyed request may have: it is read
// whole to be compared with the first request's (uploads stay below it).
const maxIdempotentBody = 32 << 20

// idempotent runs a POST sent with an Idempotency-Key header at most once
// per caller and key within 24 hours: the first request runs and its
// response is kept; a repeat with the same key and the same body gets
// that response again (with Idempotency-Replayed: true) and changes
// nothing; the same key with another body is refused (422), and a repeat
// while the first still runs is told to retry (409). A response of 500 or
// more is not kept, so the request may be retried with the same key.
func (a *API) idempotent(w http.ResponseWriter, r *Req, h func(http.ResponseWriter, *Req)) {
	key := r.Header.Get("Idempotency-Key")
	if r.Method != http.MethodPost || key == "" || r.User == nil {
		h(w, r)
		return
	}
	if len(key) > 255 || strings.IndexFunc(key, func(c rune) bool { return c > unicode.MaxASCII || !unicode.IsPrint(c) }) >= 0 {
		writeError(w, &Error{Status: http.StatusBadRequest, Code: "bad_request", Message: "the Idempotency-Key header must be 1 to 255 printable ASCII characters"})
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxIdempotentBody))
	if err != nil {
		writeError(w, &Error{Status: http.StatusRequestEntityTooLarge, Code: "too_large", Message: "the body of a request with an Idempotency-Key is at most 32 MB"})
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	sum := sha256.New()
	io.WriteString(sum, r.Method+" "+r.URL.RequestURI()+"\n"+r.Header.Get("Content-Type")+"\n")
	sum.Write(body)
	hash := hex.EncodeToString(sum.Sum(nil))
	scope := "api:user:" + strconv.FormatInt(r.User.ID, 10)
	prior, err := a.store.ClaimIdempotencyKey(r.Context(), scope, key, hash, a.now())
	if err != nil {
		a.internal(w, r, err)
		return
	}
	if prior != nil {
		switch {
		case prior.RequestHash != hash:
			writeError(w, &Error{Status: http.StatusUnprocessableEntity, Code: "idempotency_key_reused",
				Message: "this Idempotency-Key was used in the last 24 hours for another request (another path or body); use a new key"})
		case !prior.Done:
			w.Header().Set("Retry-After", "1")
			writeError(w, &Error{Status: http.StatusConflict, Code: "idempotency_in_progress",
				Message: "a request with this Idempotency-Key is still being processed; retry shortly for its response"})
		default:
			replay(w, prior)
		}
		return
	}
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	h(rec, r)
	if rec.status >= 500 {
		if err := a.store.ReleaseIdempotencyKey(r.Context(), scope, key); err != nil {
			a.log.Error("release idempotency key", "err", err)
		}
		return
	}
	if err := a.store.FinishIdempotencyKey(r.Context(), scope, key, store.IdemResponse{Status: rec.status,
		ContentType: w.Header().Get("Content-Type"), Location: w.Header().Get("Location"), Body: rec.body.Bytes()}); err != nil {
		a.log.Error("keep idempotent response", "err", err)
	}
}

func replay(w http.ResponseWriter, p *store.IdemResponse) {
	if p.ContentType != "" {
		w.Header().Set("Content-Type", p.ContentType)
	}
	if p.Location != "" {
		w.Header().Set("Location", p.Location)
	}
	w.Header().Set("Idempotency-Replayed", "true")
	w.WriteHeader(p.Status)
	w.Write(p.Body)
}

// recorder passes a response through and keeps a copy.
type recorder struct {
	http.ResponseWriter
	status      int
	wroteHeader bool
	body        bytes.Buffer
}

func (r *recorder) WriteHeader(status int) {
	if !r.wroteHeader {
		r.status, r.wroteHeader = status, true
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wroteHeader = true
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}
