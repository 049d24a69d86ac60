package account

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

func code(t *testing.T, err error, want gov.ErrorCode) {
	t.Helper()
	if gov.CodeOf(err) != want {
		t.Fatalf("got %v (code %q), want %q", err, gov.CodeOf(err), want)
	}
}

// link takes the newest invitation link to email from the outbox.
func link(t *testing.T, st *store.Store, email string) string {
	t.Helper()
	ms, err := st.OutboxFor(context.Background(), email, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if l := regexp.MustCompile(`/invite/(\S+)`).FindStringSubmatch(m.Body); l != nil {
			return l[1]
		}
	}
	t.Fatalf("no invitation to %s", email)
	return ""
}

// TestInvitations: a representative invites into their own party only;
// the invitee sets a password and is an account of the party's
// organisation, in the directory with their seat; the link works once;
// an address already in the agreement is refused; resend replaces the
// link; revoke and expiry kill it (issue #15).
func TestInvitations(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		src, _ := model.Template("municipal-3-level")
		a, _ := model.Parse("m3.yaml", src)
		if _, err := st.ApplyAgreement(ctx, a, "test"); err != nil {
			t.Fatal(err)
		}
		cat, _ := i18n.Load()
		svc := New(st, cat, nil)
		now := time.Date(2026, 12, 8, 10, 0, 0, 0, time.UTC)
		svc.Now = func() time.Time { return now }
		sup := auth.Principal{Email: "s@x.fi", Name: "Sami", Party: "esimerkki-it", Account: auth.AccountRepresentative}
		mem := auth.Principal{Email: "m@x.fi", Name: "Mikko", Party: "esimerkki-it", Account: auth.AccountMember}
		in := NewInvitation{Email: "colleague@esimerkki-it.example.com", Name: "Kaisa Kollega", Party: "esimerkki-it", Seats: []string{"operatiivinen-ohjausryhma"}}
		_, err := svc.Invite(ctx, sup, a, NewInvitation{Email: "x@y.fi", Name: "X", Party: "esimerkkila"}, "http://h")
		code(t, err, gov.CodeForbidden)
		_, err = svc.Invite(ctx, mem, a, in, "http://h")
		code(t, err, gov.CodeForbidden)
		_, err = svc.Invite(ctx, sup, a, NewInvitation{Email: "not an address", Party: "esimerkki-it"}, "http://h")
		code(t, err, gov.CodeInvalid)
		v, err := svc.Invite(ctx, sup, a, in, "http://h")
		if err != nil {
			t.Fatal(err)
		}
		_, err = svc.Invite(ctx, sup, a, in, "http://h")
		code(t, err, gov.CodeInvalid) // already invited
		first := link(t, st, in.Email)
		if _, err := svc.Resend(ctx, sup, a, v.ID, "http://h"); err != nil {
			t.Fatal(err)
		}
		second := link(t, st, in.Email)
		if first == second {
			t.Fatal("resend kept the link")
		}
		if _, err := svc.CheckInvite(ctx, first); gov.CodeOf(err) != gov.CodeNotFound {
			t.Fatalf("the old link after a resend: %v", err)
		}
		if _, _, err := svc.Accept(ctx, second, "short", "short"); gov.CodeOf(err) != gov.CodeInvalid {
			t.Fatalf("weak password: %v", err)
		}
		u, _, err := svc.Accept(ctx, second, "a long and fine secret", "a long and fine secret")
		if err != nil {
			t.Fatal(err)
		}
		if u.Party != "esimerkki-it" || u.Role != auth.AccountMember {
			t.Fatalf("account %+v", u)
		}
		if _, _, err := svc.Accept(ctx, second, "a long and fine secret", "a long and fine secret"); gov.CodeOf(err) != gov.CodeNotFound {
			t.Fatalf("second use: %v", err)
		}
		a2, _ := st.Agreement(ctx, a.Slug)
		var person *gov.Person
		for i := range a2.People {
			if a2.People[i].Email == in.Email {
				person = &a2.People[i]
			}
		}
		if person == nil || person.Party != "esimerkki-it" {
			t.Fatalf("not in the directory: %+v", person)
		}
		seated := false
		for _, m := range a2.Memberships {
			seated = seated || m.Person == person.Slug && m.Forum == "operatiivinen-ohjausryhma"
		}
		if !seated {
			t.Fatal("no seat")
		}
		// Already in the agreement now.
		_, err = svc.Invite(ctx, sup, a2, in, "http://h")
		if gov.CodeOf(err) != gov.CodeInvalid || !strings.Contains(err.Error(), "already in the agreement") {
			t.Fatalf("invite again: %v", err)
		}
		// Revoke and expiry.
		w, err := svc.Invite(ctx, sup, a2, NewInvitation{Email: "late@esimerkki-it.example.com", Name: "Late", Party: "esimerkki-it"}, "http://h")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Revoke(ctx, sup, a2, w.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.CheckInvite(ctx, link(t, st, "late@esimerkki-it.example.com")); gov.CodeOf(err) != gov.CodeNotFound {
			t.Fatalf("revoked: %v", err)
		}
		if _, err := svc.Invite(ctx, sup, a2, NewInvitation{Email: "slow@esimerkki-it.example.com", Name: "Slow", Party: "esimerkki-it"}, "http://h"); err != nil {
			t.Fatal(err)
		}
		now = now.Add(InviteValidFor + time.Minute)
		if _, err := svc.CheckInvite(ctx, link(t, st, "slow@esimerkki-it.example.com")); gov.CodeOf(err) != gov.CodeNotFound {
			t.Fatalf("expired: %v", err)
		}
	})
}
