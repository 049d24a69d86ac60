package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode"
)

// SearchQuery is a full-text search over an agreement's matters, minutes
// and decisions. Terms come from internal/matter, which turns the user's
// words into stems; every term must occur in a document's title or body
// as a case-insensitive substring. Forums are the forums the searcher may
// see: documents elsewhere are never returned, and no forums means no
// results.
type SearchQuery struct {
	Agreement string
	Forums    []string
	Terms     []string
	// Kinds limits the documents: matter, minutes, decision (none: all).
	Kinds []string
	Limit int
}

// SearchDoc is one document found.
type SearchDoc struct {
	Kind string
	// Ref is the matter's, the meeting's (minutes) or the decision's id.
	Ref       int64
	Forum     string
	MeetingID int64
	Title     string
	Body      string
	At        time.Time
}

// Search finds the documents that hold every term, the best matches
// first (FTS5's bm25 on SQLite, ts_rank on PostgreSQL, then the newest).
//
// DIALECT: SQLite matches with the FTS5 trigram index, where each term is
// a quoted phrase, so it matches anywhere in a word; terms must be at
// least three characters long. PostgreSQL matches the same substrings
// with ILIKE and ranks whole-word prefix matches higher through the
// 'simple' tsvector. The results are the same documents; only their order
// may differ.
func (t *Tx) Search(ctx context.Context, q SearchQuery) ([]SearchDoc, error) {
	// Only letters and digits reach the SQL: no MATCH or tsquery syntax,
	// no LIKE wildcards.
	var terms []string
	for _, term := range q.Terms {
		term = strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return unicode.ToLower(r)
			}
			return -1
		}, term)
		if len([]rune(term)) >= 3 {
			terms = append(terms, term)
		}
	}
	if len(q.Forums) == 0 || len(terms) == 0 {
		return nil, nil
	}
	limit := q.Limit
	if limit <= 0 || limit > 1000 {
		limit = 50
	}
	where := ` AND f.slug IN (?` + repeat(",?", len(q.Forums)-1) + `)`
	var scope []any
	for _, f := range q.Forums {
		scope = append(scope, f)
	}
	if len(q.Kinds) > 0 {
		where += ` AND d.kind IN (?` + repeat(",?", len(q.Kinds)-1) + `)`
		for _, k := range q.Kinds {
			scope = append(scope, k)
		}
	}
	var query string
	var args []any
	if t.dialect == DialectPostgres {
		prefix := make([]string, len(terms))
		for i, term := range terms {
			prefix[i] = term + ":*"
			where += ` AND (d.title || ' ' || d.body) ILIKE ?`
			scope = append(scope, "%"+term+"%")
		}
		query = `SELECT d.kind, d.ref_id, f.slug, COALESCE(d.meeting_id, 0), d.title, d.body, d.at
			FROM search_docs d JOIN agreements a ON a.id = d.agreement_id JOIN forums f ON f.id = d.forum_id
			WHERE a.slug = ?` + where + ` ORDER BY ts_rank(d.tsv, to_tsquery('simple', ?)) DESC, d.at DESC, d.id DESC LIMIT ` + fmt.Sprint(limit)
		args = append(append([]any{q.Agreement}, scope...), strings.Join(prefix, " & "))
	} else {
		phrases := make([]string, len(terms))
		for i, term := range terms {
			phrases[i] = `"` + term + `"`
		}
		query = `SELECT d.kind, d.ref_id, f.slug, COALESCE(d.meeting_id, 0), s.title, s.body, d.at
			FROM search_fts s JOIN search_docs d ON d.id = s.rowid JOIN agreements a ON a.id = d.agreement_id JOIN forums f ON f.id = d.forum_id
			WHERE search_fts MATCH ? AND a.slug = ?` + where + ` ORDER BY bm25(search_fts), d.at DESC, d.id DESC LIMIT ` + fmt.Sprint(limit)
		args = append([]any{strings.Join(phrases, " AND "), q.Agreement}, scope...)
	}
	var out []SearchDoc
	err := queryEach(ctx, t, query, args, func(rows *sql.Rows) error {
		var d SearchDoc
		err := rows.Scan(&d.Kind, &d.Ref, &d.Forum, &d.MeetingID, &d.Title, &d.Body, &d.At)
		out = append(out, d)
		return err
	})
	return out, err
}
