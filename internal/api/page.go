package api

import (
	"net/http"
	"strconv"
)

// List is the shape of every collection response: a page of items, the
// total before paging, and the window used.
type List[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total"`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

// Paging bounds: a client may ask for at most maxLimit items at a time.
const (
	defaultLimit = 50
	maxLimit     = 500
)

// paginate cuts items to the request's limit and offset.
func paginate[T any](r *Req, items []T) (List[T], *Error) {
	q := r.URL.Query()
	limit, offset := defaultLimit, 0
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxLimit {
			return List[T]{}, errBadRequest("limit must be a whole number from 1 to 500")
		}
		limit = n
	}
	if s := q.Get("offset"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return List[T]{}, errBadRequest("offset must be a whole number, 0 or more")
		}
		offset = n
	}
	page := List[T]{Items: []T{}, Total: len(items), Limit: limit, Offset: offset}
	if offset < len(items) {
		page.Items = items[offset:min(len(items), offset+limit)]
	}
	return page, nil
}

// writeList pages items and writes them.
func writeList[T any](w http.ResponseWriter, r *Req, items []T) {
	page, err := paginate(r, items)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, page)
}
