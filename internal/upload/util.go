package upload

import "strconv"

// itoa is strconv.Itoa, short.
func itoa(n int) string { return strconv.Itoa(n) }

// errString is err's text, or "no error".
func errString(err error) string {
	if err == nil {
		return "short read"
	}
	return err.Error()
}
