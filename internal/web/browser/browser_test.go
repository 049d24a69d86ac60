// Package browser tests the web UI in a real browser: Debian's Chromium,
// driven with chromedp, against the real server started in-process on a
// temporary SQLite database holding the national-platform template.
//
// One browser serves the whole package; each test opens its own tabs in
// fresh browser contexts (their own cookies). Without /usr/bin/chromium
// the tests skip, unless STEERCO_REQUIRE_BROWSER=1 (CI sets it); the
// accessibility test needs axe-core, installed with
//
//	npm ci --prefix internal/web/browser/testdata/axe
//
// Screenshots of every page visited go to $STEERCO_ARTIFACTS (default: a
// temporary directory per test) as LANG-PAGE.png.
package browser

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/web"
)

// Settings from the environment.
const (
	envRequire   = "STEERCO_REQUIRE_BROWSER"
	envArtifacts = "STEERCO_ARTIFACTS"
	chromiumPath = "/usr/bin/chromium"
	axePath      = "testdata/axe/node_modules/axe-core/axe.min.js"
)

// password is every test user's password.
const password = "browser test password"

// env is what every test shares: the server, its store and agreement,
// the users and the browser.
var env struct {
	st    *store.Store
	a     *gov.Agreement
	url   string
	cat   *i18n.Catalog
	users map[string]user // "admin", "customer", "provider", "supplier"

	browserOnce sync.Once
	browserCtx  context.Context
	browserErr  error
	closers     []func()
}

// user is a signed-in identity of the tests.
type user struct {
	Email, Name, Party string
}

func TestMain(m *testing.M) {
	code, err := run(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "browser tests:", err)
		code = 1
	}
	os.Exit(code)
}

func run(m *testing.M) (int, error) {
	defer func() {
		for i := len(env.closers) - 1; i >= 0; i-- {
			env.closers[i]()
		}
	}()
	if err := startServer(); err != nil {
		return 1, err
	}
	return m.Run(), nil
}

// startServer opens a temporary store, seeds it like `steerco demo` and
// serves the UI on 127.0.0.1.
func startServer() error {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "steerco-browser-")
	if err != nil {
		return err
	}
	env.closers = append(env.closers, func() { os.RemoveAll(dir) })
	st, err := store.Open(ctx, "sqlite:"+filepath.Join(dir, "steerco.db"))
	if err != nil {
		return err
	}
	env.closers = append(env.closers, func() { st.Close() })
	src, err := model.Template("national-platform")
	if err != nil {
		return err
	}
	a, err := model.Parse("national-platform.yaml", src)
	if err != nil {
		return err
	}
	if _, err := st.ApplyAgreement(ctx, a, "test"); err != nil {
		return err
	}
	users, err := seedUsers(ctx, st, a)
	if err != nil {
		return err
	}
	if env.cat, err = i18n.Load(); err != nil {
		return err
	}
	// Server errors go to the test output: a 500 in the browser then has
	// its cause next to it.
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	w, err := web.New(ctx, web.Config{}, st, log)
	if err != nil {
		return err
	}
	srv := httptest.NewServer(w.Handler()) // listens on 127.0.0.1
	env.closers = append(env.closers, srv.Close)
	env.st, env.a, env.url, env.users = st, a, srv.URL, users
	return nil
}

// seedUsers makes an administrator and, as `steerco demo` does, a
// representative for the first seated person with an e-mail of each of
// the customer, provider and supplier parties.
func seedUsers(ctx context.Context, st *store.Store, a *gov.Agreement) (map[string]user, error) {
	hash, err := auth.HashPassword(password)
	if err != nil {
		return nil, err
	}
	seated := map[string]bool{}
	for _, m := range a.Memberships {
		seated[m.Person] = true
	}
	out := map[string]user{"admin": {Email: "admin@test.example", Name: "Test Administrator"}}
	if err := st.CreateUser(ctx, &store.User{Email: "admin@test.example", Name: "Test Administrator", PasswordHash: hash, Role: auth.AccountRepresentative, IsAdmin: true}, "test"); err != nil {
		return nil, err
	}
	for _, kind := range []gov.PartyKind{gov.KindCustomer, gov.KindProvider, gov.KindSupplier} {
		for _, p := range a.People {
			party := a.Party(p.Party)
			if party == nil || party.Kind != kind || p.Email == "" || !seated[p.Slug] {
				continue
			}
			u := &store.User{Email: p.Email, Name: p.Name, Party: party.Slug, Role: auth.AccountRepresentative, PasswordHash: hash}
			if err := st.CreateUser(ctx, u, "test"); err != nil {
				return nil, err
			}
			out[string(kind)] = user{Email: p.Email, Name: p.Name, Party: party.Slug}
			break
		}
		if _, ok := out[string(kind)]; !ok {
			return nil, fmt.Errorf("no seated %s person with an e-mail", kind)
		}
	}
	// "language" is an account of the supplier that only TestAcceptLanguage
	// uses: choosing a language saves it on the account, and the other
	// tests choose languages as the shared accounts all the time, so a
	// test of the browser's own preference needs an account nobody else
	// signs in as.
	lang := &store.User{Email: "language@test.example", Name: "Test Language", Party: out["supplier"].Party, Role: auth.AccountRepresentative, PasswordHash: hash}
	if err := st.CreateUser(ctx, lang, "test"); err != nil {
		return nil, err
	}
	out["language"] = user{Email: lang.Email, Name: lang.Name, Party: lang.Party}
	return out, nil
}

// required reports whether a missing browser or axe-core is a failure.
func required() bool { return os.Getenv(envRequire) == "1" }

// unavailable skips t, or fails it when the browser is required.
func unavailable(t *testing.T, format string, args ...any) {
	t.Helper()
	if required() {
		t.Fatalf(format+" (and %s=1)", append(args, envRequire)...)
	}
	t.Skipf(format, args...)
}

// browser starts Chromium once for the package and returns its context.
func browser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		unavailable(t, "no browser at %s (apt-get install chromium)", chromiumPath)
	}
	env.browserOnce.Do(func() {
		dir, err := os.MkdirTemp("", "steerco-chromium-")
		if err != nil {
			env.browserErr = err
			return
		}
		env.closers = append(env.closers, func() { os.RemoveAll(dir) })
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(chromiumPath),
			chromedp.Headless,
			chromedp.NoSandbox,
			chromedp.DisableGPU,
			chromedp.NoFirstRun,
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.UserDataDir(dir),
			chromedp.WindowSize(1280, 900),
		)
		allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancel := chromedp.NewContext(allocCtx)
		// The first Run starts the browser; no timeout on it, or the
		// timeout would end the browser (a start that hangs ends with the
		// test binary's own timeout).
		if err := chromedp.Do(ctx); err != nil {
			cancel()
			cancelAlloc()
			env.browserErr = fmt.Errorf("start %s: %w", chromiumPath, err)
			return
		}
		env.closers = append(env.closers, cancelAlloc, cancel)
		env.browserCtx = ctx
	})
	if env.browserErr != nil {
		t.Fatal(env.browserErr)
	}
	return env.browserCtx
}

// artifacts returns the directory for screenshots.
func artifacts(t *testing.T) string {
	t.Helper()
	dir := os.Getenv(envArtifacts)
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// axeSource is axe-core's script, read once.
var axeSource = sync.OnceValues(func() (string, error) {
	b, err := os.ReadFile(axePath)
	return string(b), err
})

// needAxe returns axe-core's source, skipping or failing t without it.
func needAxe(t *testing.T) string {
	t.Helper()
	src, err := axeSource()
	if errors.Is(err, os.ErrNotExist) {
		unavailable(t, "axe-core is not installed: npm ci --prefix internal/web/browser/testdata/axe")
	} else if err != nil {
		t.Fatal(err)
	}
	return src
}

// step is how long one browser action may take.
const step = 30 * time.Second

// useLanguage chooses the tab's language as the header's form does: for
// this session, which comes first, and saved on the account. Tests that
// read texts call it because the accounts are shared and other tests
// change their saved language while they run.
func (tb *tab) useLanguage(lang string) {
	tb.t.Helper()
	got := evalAwait(tb, fmt.Sprintf(`fetch("/lang", {method: "POST", body: new URLSearchParams({lang: %q, next: "/"}), redirect: "manual"}).then(r => String(r.status || r.type))`, lang))
	if got != "303" && got != "opaqueredirect" && got != "200" {
		tb.t.Fatalf("set language %s: %s", lang, got)
	}
}
