package web

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/store"
)

// Req is what a handler knows about the request beyond *http.Request:
// who is signed in, in which language, and the agreement in the URL with
// the user's role in it.
type Req struct {
	*http.Request
	// User is nil on public routes when nobody is signed in.
	User      *store.User
	Principal auth.Principal
	Lang      string
	// Agreement and Role are set on agreement routes.
	Agreement *gov.Agreement
	Role      auth.Role
}

type handlerFunc func(w http.ResponseWriter, r *Req)

// Session keys.
const (
	sessUserID = "user_id"
	sessFlash  = "flash"
	sessLang   = "lang"
	// sessCred is credStamp of the account when the session was signed
	// in: a password change alters it, which ends every other session.
	sessCred = "cred"
)

// credStamp is a digest of the account's password hash. Kept in the
// session at sign-in and compared on every request, it ends the sessions
// of an account whose password was changed (on the web, by `steerco user
// passwd` or a reset) without a write per request or a scan of sessions.
func credStamp(u *store.User) string {
	sum := sha256.Sum256([]byte("steerco-session\x00" + u.PasswordHash))
	return hex.EncodeToString(sum[:12])
}

// guard resolves the user, language and agreement, enforces the route's
// access rule, then runs its handler.
func (s *Server) guard(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, hr *http.Request) {
		r := &Req{Request: hr}
		if id := s.sessions.GetInt64(hr.Context(), sessUserID); id != 0 {
			u, err := s.store.UserByID(hr.Context(), id)
			switch {
			case err == nil && !u.Disabled && s.sessions.GetString(hr.Context(), sessCred) == credStamp(u):
				r.User = u
				r.Principal = principal(u)
			case err != nil && !errors.Is(err, store.ErrNotFound):
				s.serverError(w, r, err)
				return
			default:
				// The account was removed or disabled, or its password
				// changed since this session signed in: end the session.
				s.sessions.Destroy(hr.Context())
			}
		}
		r.Lang = s.language(r)
		if !rt.Public && r.User == nil {
			s.needSignIn(w, r)
			return
		}
		if rt.Admin && !r.Principal.Admin {
			s.forbidden(w, r)
			return
		}
		if slug := hr.PathValue("agreement"); slug != "" {
			a, err := s.store.SharedAgreement(hr.Context(), slug)
			if errors.Is(err, store.ErrNotFound) {
				s.notFound(w, r)
				return
			} else if err != nil {
				s.serverError(w, r, err)
				return
			}
			// Deny by default: an agreement the user's organisation is not
			// a party to does not exist for them.
			r.Agreement = a
			r.Principal, r.Role = auth.In(r.Principal, a)
			if r.Role == "" {
				s.notFound(w, r)
				return
			}
			if rt.Action != "" && !auth.Allowed(r.Role, rt.Action) {
				s.forbidden(w, r)
				return
			}
		}
		s.once(w, r, rt.h)
	})
}

func principal(u *store.User) auth.Principal {
	return auth.NewPrincipal(u.ID, u.Email, u.Name, u.Party, u.Role, u.IsAdmin, u.Links)
}

// language is the session's choice, else the user's saved one, else the
// browser's Accept-Language.
func (s *Server) language(r *Req) string {
	if l := s.sessions.GetString(r.Context(), sessLang); i18n.Valid(l) {
		return l
	}
	if r.User != nil && i18n.Valid(r.User.Locale) {
		return r.User.Locale
	}
	return i18n.Negotiate(r.Header.Get("Accept-Language"))
}

// needSignIn sends a browser to the sign-in page, remembering where it was
// going; an htmx or non-GET request gets 401.
func (s *Server) needSignIn(w http.ResponseWriter, r *Req) {
	if r.Method != http.MethodGet || r.Header.Get("HX-Request") != "" {
		s.renderError(w, r, http.StatusUnauthorized, "login.expired")
		return
	}
	next := r.URL.RequestURI()
	http.Redirect(w, r.Request, "/login?next="+url.QueryEscape(next), http.StatusSeeOther)
}

// safeNext accepts only a same-site path as a destination after sign-in,
// a language switch or a form, so none of them can be used to send someone
// to another site. Every redirect built from a request's value goes
// through it.
func safeNext(next string) string {
	if !sameSitePath(next) {
		return "/"
	}
	return next
}

// sameSitePath reports whether next is a path on this site: it starts
// with exactly one slash, parses as a URL without scheme, host or user, and
// holds no backslash, control, white-space or invisible formatting
// character. Browsers drop tabs and newlines from a Location and read a
// backslash as a slash, so "/\t/evil.example" and "/\\evil.example" would
// otherwise leave the site.
func sameSitePath(next string) bool {
	if next == "" || len(next) > 2048 || next[0] != '/' || strings.HasPrefix(next, "//") {
		return false
	}
	for _, c := range next {
		if c == '\\' || c == utf8.RuneError || unicode.IsControl(c) || unicode.IsSpace(c) || unicode.Is(unicode.Cf, c) {
			return false
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return false
	}
	// The decoded path, too: an escaped "%2F%2F" or "%5C" stays on this
	// site in a browser, but a proxy or a later redirect may decode it.
	if strings.HasPrefix(u.Path, "//") || strings.ContainsRune(u.Path, '\\') {
		return false
	}
	// Nor an escaped control character ("%00", "%09"): a browser or a
	// proxy that decodes it sees a path no page has, or worse.
	for _, c := range u.Path {
		if unicode.IsControl(c) || c == utf8.RuneError {
			return false
		}
	}
	return true
}

// flash stores a one-time message shown on the next page.
func (s *Server) flash(r *Req, msgID string) {
	s.sessions.Put(r.Context(), sessFlash, msgID)
}
