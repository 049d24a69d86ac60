package export

import (
	"context"
	"encoding/json"
	"io"
	"time"

	"github.com/steerco/steerco/internal/store"
)

// personalExport is the personal-data file: when it was made, a note on
// what it holds, and the data.
type personalExport struct {
	ExportedAt time.Time `json:"exported_at"`
	About      string    `json:"about"`
	*store.PersonalData
}

// personalAbout explains the file to the person who receives it.
const personalAbout = "Everything steerco holds about the person with this e-mail address: " +
	"their account (without its password), their entries in every agreement's contact directory " +
	"with their forum seats, meetings they attended, action items they own, records they wrote, " +
	"notifications sent to them, their API tokens and calendar feeds (without their secrets), " +
	"survey invitations, failed sign-ins, and the audit log entries that name them."

// Person writes everything steerco holds about the person with the
// e-mail address to w as indented JSON (see store.PersonalData). Neither
// an account nor a directory entry with the address gives an error
// wrapping store.ErrNotFound.
func Person(ctx context.Context, st *store.Store, email string, w io.Writer) error {
	d, err := st.PersonalData(ctx, email)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(personalExport{ExportedAt: time.Now().UTC().Truncate(time.Second), About: personalAbout, PersonalData: d})
}
