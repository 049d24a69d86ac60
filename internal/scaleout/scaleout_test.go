package scaleout_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

func httpGet(u string, cookies []*http.Cookie) (int, string) {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return 0, err.Error()
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	c := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// The reminders' forum in the national-platform template: its minutes
// are the supplier's, its members have e-mail addresses.
const (
	reminderForum = "tuotantoryhma-alustatalo"
	password      = "correct horse battery staple"
)

// TestTwoInstances runs two `steerco serve` processes on one fresh
// PostgreSQL schema: both come up although they race to migrate it, a
// session started on one is valid on the other, and with both servers'
// schedulers and two `steerco reminders run` processes going at once,
// each reminder is queued once and each job slot claimed once.
func TestTwoInstances(t *testing.T) {
	dsn := storetest.PostgresDSN(t) // skips, or fails when PostgreSQL is required
	bin := steercoBinary(t)
	started := time.Now()

	// Both start on an empty schema: one migrates, the other waits for
	// the migration lock and finds nothing to do.
	a, b := startServer(t, bin, "A", dsn), startServer(t, bin, "B", dsn)
	a.waitReady(t, 30*time.Second)
	b.waitReady(t, 30*time.Second)

	if out, err := runSteerco(t, bin, password+"\n", "user", "add", "--email", "ops@example.fi", "--name", "Ops", "--admin", "--db", dsn); err != nil {
		t.Fatalf("user add: %v\n%s", err, out)
	}
	cookies := signIn(t, a.url, "ops@example.fi")
	if status, body := httpGet(b.url+"/account", cookies); status != http.StatusOK || !strings.Contains(body, "ops@example.fi") {
		t.Fatalf("the session from A on B: %d", status)
	}
	// Signing out on B ends the session on A too.
	postForm(t, b.url+"/logout", cookies, nil)
	if status, _ := httpGet(a.url+"/account", cookies); status != http.StatusSeeOther {
		t.Errorf("after signing out on B, /account on A: %d, want a redirect to sign in", status)
	}

	// Meetings whose reminders are due today, written as the meeting
	// service would.
	st := storetest.Open(t, dsn)
	ctx := context.Background()
	src, err := model.Template("national-platform")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "model.yaml")
	if err := os.WriteFile(file, src, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := runSteerco(t, bin, "", "model", "apply", file, "--db", dsn); err != nil {
		t.Fatalf("model apply: %v\n%s", err, out)
	}
	ag, err := st.Agreement(ctx, "national-platform")
	if err != nil {
		t.Fatal(err)
	}
	dueMeetings(t, st, ag)

	// A new hour for the schedulers: the slot they claimed at start is
	// forgotten, as if the clock had moved on. Then both servers restart
	// at once, each claiming the hour's run as it starts, while two
	// operators run the reminders by hand.
	a.stop(t)
	b.stop(t)
	if _, err := st.ExecContext(ctx, `DELETE FROM job_runs`); err != nil {
		t.Fatal(err)
	}
	a, b = startServer(t, bin, "A2", dsn), startServer(t, bin, "B2", dsn)
	var wg sync.WaitGroup
	outs := make([]string, 2)
	errs := make([]error, 2)
	for i := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i], errs[i] = runSteerco(t, bin, "", "reminders", "run", "--db", dsn)
		}()
	}
	a.waitReady(t, 30*time.Second)
	b.waitReady(t, 30*time.Second)
	wg.Wait()
	queued := 0
	queuedRE := regexp.MustCompile(`queued (\d+) reminder`)
	for i := range outs {
		m := queuedRE.FindStringSubmatch(outs[i])
		if errs[i] != nil || m == nil {
			t.Fatalf("reminders run %d: %v\n%s", i, errs[i], outs[i])
		}
		n, _ := strconv.Atoi(m[1])
		queued += n
	}
	// The server that won the hour logs its run.
	deadline := time.Now().Add(20 * time.Second)
	var ran []string
	for time.Now().Before(deadline) {
		ran = ran[:0]
		for _, s := range []*server{a, b} {
			for _, e := range s.entries() {
				if e["msg"] == "scheduled run" && e["reminders_ran"] == true {
					ran = append(ran, s.name)
					queued += int(e["queued"].(float64))
				}
			}
		}
		if len(ran) > 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if len(ran) != 1 {
		t.Fatalf("the hour's reminders ran on %v, want exactly one server\nA: %s\nB: %s", ran, a.log.String(), b.log.String())
	}

	// Each reminder exists once, and exactly as many were queued as
	// exist: no process queued one another had queued.
	var reminders, distinct, kinds int
	err = st.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT dedupe_key), count(DISTINCT kind) FROM outbox
		WHERE kind IN ('materials-due', 'minutes-overdue')`).Scan(&reminders, &distinct, &kinds)
	if err != nil {
		t.Fatal(err)
	}
	if reminders == 0 || kinds != 2 || distinct != reminders || queued != reminders {
		t.Errorf("%d reminders (%d distinct, %d kinds); the processes reported %d queued", reminders, distinct, kinds, queued)
	}
	rows, err := st.QueryContext(ctx, `SELECT job, slot, count(*), min(claimed_by) FROM job_runs GROUP BY job, slot`)
	if err != nil {
		t.Fatal(err)
	}
	slots := 0
	for rows.Next() {
		var job, slot, by string
		var n int
		if err := rows.Scan(&job, &slot, &n, &by); err != nil {
			t.Fatal(err)
		}
		slots++
		if n != 1 {
			t.Errorf("job %s slot %s claimed %d times", job, slot, n)
		}
	}
	rows.Close()
	if slots == 0 {
		t.Error("no job slot was claimed")
	}
	t.Logf("%d reminders queued once each by %s and two CLI runs; %d job slots; %s", reminders, ran[0], slots, time.Since(started).Round(time.Second))
}

// dueMeetings stores two meetings of the reminders' forum, as the meeting
// service writes them: one held ten days ago whose minutes are overdue,
// one whose materials are due today.
func dueMeetings(t *testing.T, st *store.Store, a *gov.Agreement) {
	t.Helper()
	ctx := context.Background()
	loc, err := time.LoadLocation(a.TimeZone)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().In(loc)
	day := func(d time.Time) string { return d.Format(time.DateOnly) }
	held := time.Date(now.Year(), now.Month(), now.Day(), 13, 0, 0, 0, loc).AddDate(0, 0, -10)
	next := time.Date(now.Year(), now.Month(), now.Day(), 13, 0, 0, 0, loc).AddDate(0, 0, 7)
	ms := []gov.Meeting{
		{Kind: gov.KindAdHoc, State: gov.Held, Start: held, End: held.Add(time.Hour), LocalDate: day(held),
			MaterialsDue: day(held.AddDate(0, 0, -1)), MinutesDue: day(held.AddDate(0, 0, 5))},
		{Kind: gov.KindAdHoc, State: gov.Planned, Start: next, End: next.Add(time.Hour), LocalDate: day(next), MaterialsDue: day(now)},
	}
	err = st.InTx(ctx, func(tx *store.Tx) error {
		for i := range ms {
			m := &ms[i]
			m.Agreement, m.Forum, m.Title, m.CreatedBy = a.Slug, reminderForum, "Scale-out", "system"
			m.CreatedAt, m.UpdatedAt = time.Now().UTC(), time.Now().UTC()
			m.ICalUID = fmt.Sprintf("scaleout-%d-%d@test", i, time.Now().UnixNano())
			if err := tx.InsertMeeting(ctx, m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// signIn signs in on one instance and returns the session cookies.
func signIn(t *testing.T, base, email string) []*http.Cookie {
	t.Helper()
	resp := postForm(t, base+"/login", nil, url.Values{"email": {email}, "password": {password}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %d", resp.StatusCode)
	}
	var cs []*http.Cookie
	for _, c := range resp.Cookies() {
		if c.Value != "" {
			cs = append(cs, c)
		}
	}
	if len(cs) == 0 {
		t.Fatal("sign in set no cookie")
	}
	return cs
}

func postForm(t *testing.T, u string, cookies []*http.Cookie, form url.Values) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, c := range cookies {
		req.AddCookie(c)
	}
	c := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}
