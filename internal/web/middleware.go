package web

import (
	"embed"
	"io/fs"
	"net/http"
	"runtime/debug"
	"strings"
)

// csp allows only this origin's scripts, styles and images: no inline
// script or style anywhere, which is why htmx's indicator styles are
// turned off in the layout and all behaviour lives in static/app.js.
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

// securityHeaders sets the headers every response carries.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// crossOrigin refuses state-changing requests sent from another site
// (Go's CrossOriginProtection checks Sec-Fetch-Site and Origin), with the
// translated explanation rather than a bare 403.
func (s *Server) crossOrigin(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, hr *http.Request) {
		r := &Req{Request: hr}
		r.Lang = s.language(r)
		s.renderError(w, r, http.StatusForbidden, "error.csrf")
	}))
	return cop.Handler(next)
}

// recoverPanics turns a panic into a logged 500 page: a user never sees a
// stack trace.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				w.Header().Set("Content-Type", "text/plain; charset=utf-8")
				w.WriteHeader(http.StatusInternalServerError)
				w.Write([]byte("An unexpected error occurred. It has been logged.\n"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

//go:embed static
var staticFS embed.FS

// staticHandler serves the embedded assets; they are versioned by the
// binary, so browsers may cache them for a day.
func staticHandler() http.Handler {
	sub, _ := fs.Sub(staticFS, "static")
	files := http.StripPrefix("/static/", http.FileServer(http.FS(sub)))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// A folder is not an asset: no listing of what the binary embeds.
		if strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r)
			return
		}
		if f, err := sub.Open(strings.TrimPrefix(r.URL.Path, "/static/")); err == nil {
			st, err := f.Stat()
			f.Close()
			if err == nil && st.IsDir() {
				http.NotFound(w, r)
				return
			}
		}
		w.Header().Set("Cache-Control", "public, max-age=86400")
		files.ServeHTTP(w, r)
	})
}
