package web

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

const (
	mtSlug  = "national-platform"
	mtForum = "tuotantoryhma-alustatalo" // weekly; Alustatalo convenes and writes; Tiera chairs; approved at the next meeting
)

// mtWorld is the fixture's store served by a UI whose clock the test
// moves, with accounts for people of the directory.
type mtWorld struct {
	*fixture
	now time.Time
	loc *time.Location
}

func newMtWorld(t *testing.T, st *store.Store) *mtWorld {
	t.Helper()
	w := &mtWorld{fixture: newFixture(t, st)}
	w.loc, _ = time.LoadLocation("Europe/Helsinki")
	w.at("2026-12-28 10:00")
	web, err := New(context.Background(), Config{Now: func() time.Time { return w.now }}, st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	w.web, w.srv = web, httptest.NewServer(web.Handler())
	t.Cleanup(w.srv.Close)
	return w
}

// at sets the clock to a local time in Helsinki.
func (w *mtWorld) at(s string) {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, w.loc)
	if err != nil {
		w.t.Fatal(err)
	}
	w.now = t
}

// person signs in as a person of the directory, as a representative of
// their organisation (or with another account role).
func (w *mtWorld) person(slug, role string) *http.Client {
	w.t.Helper()
	p := w.a.Person(slug)
	if p == nil {
		w.t.Fatalf("no person %s", slug)
	}
	hash, err := auth.HashPassword(testPassword)
	if err != nil {
		w.t.Fatal(err)
	}
	u := &store.User{Email: p.Email, Name: p.Name, PasswordHash: hash, Party: p.Party, Role: role}
	if err := w.st.CreateUser(context.Background(), u, "test"); err != nil {
		w.t.Fatal(err)
	}
	c := w.client("")
	if status, body := w.post(c, "/login", url.Values{"email": {p.Email}, "password": {testPassword}}); status != http.StatusSeeOther {
		w.t.Fatalf("sign in as %s: %d\n%s", slug, status, body)
	}
	return c
}

// meetings lists a forum's stored meetings by date.
func (w *mtWorld) meetings(forum string) []gov.Meeting {
	w.t.Helper()
	var ms []gov.Meeting
	err := w.st.ReadMeetings(context.Background(), func(tx *store.Tx) error {
		var err error
		ms, err = tx.Meetings(context.Background(), mtSlug, store.MeetingFilter{Forum: forum})
		return err
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return ms
}

func (w *mtWorld) meeting(id int64) *gov.Meeting {
	w.t.Helper()
	var m *gov.Meeting
	err := w.st.ReadMeetings(context.Background(), func(tx *store.Tx) error {
		var err error
		m, err = tx.Meeting(context.Background(), mtSlug, id, false)
		return err
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return m
}

func (w *mtWorld) materials(id int64) []gov.Material {
	w.t.Helper()
	var ms []gov.Material
	err := w.st.ReadMeetings(context.Background(), func(tx *store.Tx) error {
		var err error
		ms, err = tx.Materials(context.Background(), id)
		return err
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return ms
}

func mtURL(id int64, rest string) string { return fmt.Sprintf("/a/%s/meetings/%d%s", mtSlug, id, rest) }

// send makes a request and returns the response with its body read.
func (w *mtWorld) send(c *http.Client, method, path string, body io.Reader, ctype, lang string) (*http.Response, string) {
	w.t.Helper()
	req, _ := http.NewRequest(method, w.srv.URL+path, body)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	resp, err := c.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// do posts a form and wants status.
func (w *mtWorld) do(c *http.Client, path string, form url.Values, want int) string {
	w.t.Helper()
	status, body := w.post(c, path, form)
	if status != want {
		w.t.Fatalf("POST %s: %d, want %d\n%s", path, status, want, mtMain(body))
	}
	return body
}

// page gets a page and wants 200.
func (w *mtWorld) page(c *http.Client, path string) string {
	w.t.Helper()
	status, body := w.get(c, path)
	if status != http.StatusOK {
		w.t.Fatalf("GET %s: %d\n%s", path, status, mtMain(body))
	}
	return body
}

// upload posts a file as the upload form does.
func (w *mtWorld) upload(c *http.Client, id int64, name string, data []byte) (*http.Response, string) {
	w.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("item", "0")
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	return w.send(c, http.MethodPost, mtURL(id, "/materials"), &buf, mw.FormDataContentType(), "")
}

// rawUpload sends a request by hand, saying it carries length bytes but
// sending only a few, and returns the status the server answers with
// before reading the rest.
func (w *mtWorld) rawUpload(c *http.Client, id int64, length int64) int {
	w.t.Helper()
	u, _ := url.Parse(w.srv.URL)
	var cookies []string
	for _, ck := range c.Jar.Cookies(u) {
		cookies = append(cookies, ck.Name+"="+ck.Value)
	}
	conn, err := net.DialTimeout("tcp", u.Host, 5*time.Second)
	if err != nil {
		w.t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: %s\r\nCookie: %s\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: %d\r\n\r\n--x\r\n",
		mtURL(id, "/materials"), u.Host, strings.Join(cookies, "; "), length)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		w.t.Fatalf("no answer to a %d-byte upload: %v", length, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(body), "too large") {
		w.t.Errorf("the refusal does not say the file is too large:\n%s", mtMain(string(body)))
	}
	return resp.StatusCode
}

// mtMain is a page's main element, for failure messages.
func mtMain(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	if j := strings.Index(body, "</main>"); j >= 0 {
		body = body[:j]
	}
	return body
}

// mtWant fails unless body contains every string.
func mtWant(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, s := range wants {
		if !strings.Contains(body, s) {
			t.Errorf("%s lacks %q\n%s", what, s, mtMain(body))
		}
	}
}

func mtDont(t *testing.T, what, body string, donts ...string) {
	t.Helper()
	for _, s := range donts {
		if strings.Contains(body, s) {
			t.Errorf("%s has %q", what, s)
		}
	}
}
