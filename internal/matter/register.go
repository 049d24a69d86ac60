package matter

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/steerco/steerco/internal/decision"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// RegisterFilter narrows the decision register. From and To bound the
// meeting date (YYYY-MM-DD, inclusive); Text keeps decisions whose title,
// proposal, result or chosen person holds every word (as Search finds).
type RegisterFilter struct {
	Forum    string
	Outcome  decision.Outcome
	From, To string
	Text     string
	// Open includes votes still open; by default only decisions taken.
	Open  bool
	Limit int
}

// Register lists the agreement's decisions x may see, the latest meeting
// first: the decision register.
func (s *Service) Register(ctx context.Context, a *gov.Agreement, x Actor, f RegisterFilter) ([]Decision, error) {
	for _, d := range []string{f.From, f.To} {
		if d != "" && !isDate(d) {
			return nil, gov.Invalid(fieldErr("date", "matter.err.date", `"{Value}" is not a date; write YYYY-MM-DD`, "Value", d))
		}
	}
	var out []Decision
	err := s.st.ReadMatters(ctx, func(tx *store.Tx) error {
		sf := store.DecisionFilter{Forums: visibleForums(a, x), Forum: f.Forum, Outcome: string(f.Outcome), From: f.From, To: f.To, Limit: f.Limit}
		if !f.Open {
			sf.Status = "decided"
		}
		if strings.TrimSpace(f.Text) != "" {
			ids, err := s.searchIDs(ctx, tx, a, sf.Forums, f.Text, "decision")
			if err != nil {
				return err
			}
			sf.IDs = ids
		}
		rows, err := tx.Decisions(ctx, a.Slug, sf)
		for i := range rows {
			out = append(out, *decisionFromRow(&rows[i]))
		}
		return err
	})
	return out, err
}

func isDate(s string) bool {
	_, err := strconv.Atoi(strings.ReplaceAll(s, "-", ""))
	return err == nil && len(s) == 10 && s[4] == '-' && s[7] == '-'
}

// RegisterHeader is the header row of RegisterRows.
var RegisterHeader = []string{"id", "date", "forum", "meeting", "title", "method", "proposal", "outcome", "yes", "no", "abstained",
	"present", "eligible", "casting_vote", "result", "chosen", "term_from", "term_to", "overturned_by", "effect"}

// RegisterRows turns decisions into CSV rows (header first), for an
// export the web streams with encoding/csv. Forum names come from the
// model; numbers are written without needless decimals.
func RegisterRows(a *gov.Agreement, ds []Decision) [][]string {
	rows := [][]string{RegisterHeader}
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	for _, d := range ds {
		over := ""
		if d.OverturnedBy != 0 {
			over = fmt.Sprint(d.OverturnedBy)
		}
		r := d.Result
		rows = append(rows, []string{fmt.Sprint(d.ID), d.MeetingDate, forumName(a, d.Forum), fmt.Sprint(d.MeetingID), d.Title, string(d.Method),
			d.Proposal, string(r.Outcome), num(r.Yes), num(r.No), num(r.Abstained), fmt.Sprint(r.Present), fmt.Sprint(r.Eligible),
			strconv.FormatBool(r.CastingVote), r.Text, d.DutyPersonName, d.TermFrom, d.TermTo, over, string(d.OverturnEffect)})
	}
	return rows
}
