package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
)

// apiFixture is the API on a store holding the national-platform and
// municipal-3-level templates, with a token per role, every response
// checked against the OpenAPI description.
type apiFixture struct {
	t      testing.TB
	st     *store.Store
	api    *API
	srv    *httptest.Server
	a      *gov.Agreement
	tokens map[string]string // role -> secret (read+write)
	users  map[string]*store.User
	router routers.Router
	// clock pins the API's (and its meeting service's) time, in Unix
	// nanoseconds; 0 is the real time. Atomic: the server reads it on its
	// own goroutines.
	clock atomic.Int64
}

// helsinki is the national-platform agreement's time zone.
var helsinki, _ = time.LoadLocation("Europe/Helsinki")

// at pins the clock to a time in Helsinki, "2006-01-02 15:04".
func (f *apiFixture) at(s string) {
	f.t.Helper()
	t, err := time.ParseInLocation("2006-01-02 15:04", s, helsinki)
	if err != nil {
		f.t.Fatal(err)
	}
	f.clock.Store(t.UnixNano())
}

func (f *apiFixture) now() time.Time {
	if n := f.clock.Load(); n != 0 {
		return time.Unix(0, n)
	}
	return time.Now()
}

// logWriter sends the API's log to the test's.
type logWriter struct{ t testing.TB }

func (w logWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

func newAPIFixture(t testing.TB, st *store.Store) *apiFixture {
	t.Helper()
	ctx := context.Background()
	var a *gov.Agreement
	for _, name := range []string{"national-platform", "municipal-3-level"} {
		src, _ := model.Template(name)
		m, err := model.Parse(name, src)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.ApplyAgreement(ctx, m, "test"); err != nil {
			t.Fatal(err)
		}
		if a == nil {
			a = m
		}
	}
	kind := func(k gov.PartyKind, skip string) string {
		for _, p := range a.Parties {
			if p.Kind == k && p.Slug != skip {
				return p.Slug
			}
		}
		return ""
	}
	sup := kind(gov.KindSupplier, "")
	f := &apiFixture{t: t, st: st, a: a, tokens: map[string]string{}, users: map[string]*store.User{}}
	for _, sp := range []struct {
		name, party, role string
		admin             bool
	}{
		{"admin", "", auth.AccountRepresentative, true},
		{"customer", kind(gov.KindCustomer, ""), auth.AccountRepresentative, false},
		{"provider", kind(gov.KindProvider, ""), auth.AccountRepresentative, false},
		{"supplier", sup, auth.AccountRepresentative, false},
		{"supplier2", kind(gov.KindSupplier, sup), auth.AccountRepresentative, false},
		{"member", kind(gov.KindCustomer, ""), auth.AccountMember, false},
		{"observer", kind(gov.KindOther, ""), auth.AccountRepresentative, false},
		{"outsider", "no-such-organisation", auth.AccountRepresentative, false},
		// People of the directory (matched by e-mail), as in
		// internal/meeting's tests: the production group's secretary at
		// Alustatalo and its chair at Tiera.
		{"minna", "alustatalo", auth.AccountRepresentative, false},
		{"kari", "tiera", auth.AccountRepresentative, false},
	} {
		email := sp.name + "@api.example"
		switch sp.name {
		case "minna":
			email = a.Person("minna-karjalainen").Email
		case "kari":
			email = a.Person("kari-vaisanen").Email
		}
		u := &store.User{Email: email, Name: sp.name, Party: sp.party, Role: sp.role, IsAdmin: sp.admin}
		if err := st.CreateUser(ctx, u, "test"); err != nil {
			t.Fatal(err)
		}
		f.users[sp.name] = u
		secret, err := st.CreateToken(ctx, &store.Token{UserID: u.ID, Name: "test", Kind: "personal", Scopes: []string{"write"}}, "test")
		if err != nil {
			t.Fatal(err)
		}
		f.tokens[sp.name] = secret
	}
	f.api = New(st, slog.New(slog.NewTextHandler(logWriter{t}, nil)))
	f.api.now = f.now
	f.srv = httptest.NewServer(f.api.Handler())
	t.Cleanup(f.srv.Close)
	spec, err := Spec()
	if err != nil {
		t.Fatal(err)
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(spec)
	if err != nil {
		t.Fatalf("load spec: %v", err)
	}
	if err := doc.Validate(ctx); err != nil {
		t.Fatalf("spec invalid: %v", err)
	}
	doc.Servers = openapi3.Servers{{URL: f.srv.URL}}
	if f.router, err = gorillamux.NewRouter(doc); err != nil {
		t.Fatal(err)
	}
	return f
}

// do sends a request with the named role's token ("" for none), a JSON
// body (nil for none, []byte as it is, anything else marshalled), and
// checks the response against the OpenAPI description.
func (f *apiFixture) do(role, method, path string, body any) (int, []byte) {
	f.t.Helper()
	var rd io.Reader
	var raw []byte
	switch b := body.(type) {
	case nil:
	case []byte:
		raw = b
	default:
		raw, _ = json.Marshal(b)
	}
	ct := ""
	if raw != nil {
		rd, ct = bytes.NewReader(raw), "application/json"
	}
	status, _, out := f.send(role, method, path, ct, rd)
	return status, out
}

// send sends a request with any body and content type, and checks the
// response against the OpenAPI description.
func (f *apiFixture) send(role, method, path, contentType string, body io.Reader) (int, http.Header, []byte) {
	f.t.Helper()
	req, _ := http.NewRequest(method, f.srv.URL+path, body)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+f.tokens[role])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	f.validate(req, resp, out)
	return resp.StatusCode, resp.Header, out
}

// decodeAs unmarshals a response body, failing the test when it is not
// the expected JSON.
func decodeAs[T any](t testing.TB, body []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("decode %T: %v\n%s", v, err, body)
	}
	return v
}

// validate holds a response to the spec: the operation must exist, and
// the status and body must be ones it describes.
func (f *apiFixture) validate(req *http.Request, resp *http.Response, body []byte) {
	f.t.Helper()
	route, params, err := f.router.FindRoute(req)
	if err != nil {
		if resp.StatusCode == http.StatusNotFound {
			return // an undocumented path answers 404 in the envelope; checked by tests
		}
		f.t.Errorf("%s %s: not in the spec: %v", req.Method, req.URL.Path, err)
		return
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, ExcludeRequestBody: true}}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true}}
	out.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		f.t.Errorf("%s %s → %d does not match the spec: %v\n%s", req.Method, req.URL.Path, resp.StatusCode, err, body)
	}
}
