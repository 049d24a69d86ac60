package main

import (
	"context"
	"fmt"
	"io"

	"github.com/steerco/steerco/internal/account"
	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/store"
)

// userSetDisabled implements `steerco user disable|enable --email E`
// through the same service as the web UI; the operator at the shell acts
// as an administrator.
func userSetDisabled(ctx context.Context, s *store.Store, email string, disabled bool, stdout io.Writer) error {
	cat, err := i18n.Load()
	if err != nil {
		return err
	}
	u, err := account.New(s, cat, nil).SetDisabled(ctx, auth.Principal{Admin: true}, operator(), email, disabled)
	if err != nil {
		return err
	}
	if disabled {
		fmt.Fprintf(stdout, "disabled user %s: its sessions and API tokens have stopped\n", u.Email)
	} else {
		fmt.Fprintf(stdout, "enabled user %s\n", u.Email)
	}
	return nil
}
