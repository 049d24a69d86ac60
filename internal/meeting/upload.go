package meeting

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// Upload errors: the file is over MaxMaterial, or the item field is not
// an agenda item id.
var (
	ErrUploadTooLarge = errors.New("upload too large")
	ErrBadItem        = errors.New("bad item id")
)

// ReadUpload streams a multipart upload form (the web page's and the
// API's): the file (at most MaxMaterial
// bytes are kept; one byte more means too large) and the item it
// belongs to (empty or 0 for the meeting itself).
func ReadUpload(r *http.Request) (name string, item int64, data []byte, err error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return "", 0, nil, err
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return name, item, data, nil
		} else if err != nil {
			return "", 0, nil, err
		}
		switch part.FormName() {
		case "item":
			b, err := io.ReadAll(io.LimitReader(part, 32))
			if err != nil {
				return "", 0, nil, err
			}
			if s := strings.TrimSpace(string(b)); s != "" {
				if item, err = strconv.ParseInt(s, 10, 64); err != nil || item < 0 { // 0: the meeting itself
					return "", 0, nil, ErrBadItem
				}
			}
		case "file":
			name = part.FileName()
			data, err = io.ReadAll(io.LimitReader(part, MaxMaterial+1))
			if err != nil {
				return "", 0, nil, err
			}
			if len(data) > MaxMaterial {
				return "", 0, nil, ErrUploadTooLarge
			}
		}
		part.Close()
	}
}
