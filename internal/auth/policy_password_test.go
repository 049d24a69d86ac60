package auth

import (
	"errors"
	"testing"
)

func TestPasswordPolicy(t *testing.T) {
	for pw, want := range map[string]string{
		"short":                   "password.short",
		"elevenchars":             "password.short",
		"Password2026!":           "password.common",
		"salasana12345":           "password.common",
		"Lösenord!2026":           "password.common",
		"123456789012":            "password.common",
		"passwordpassword":        "password.common",
		"qwertyuiop123":           "password.common",
		"aaaaaaaaaaaa":            "password.common",
		"abcdefghijklm":           "password.common",
		"correct horse battery":   "",
		"steerco-demo":            "",
		"kesäkuun sade 2026":      "",
		"Tr0ub4dor&3 is not mine": "",
	} {
		err := CheckPasswordPolicy(pw)
		var pe *PolicyError
		got := ""
		if errors.As(err, &pe) {
			got = pe.ID
		} else if err != nil {
			t.Fatalf("%q: %v is not a PolicyError", pw, err)
		}
		if got != want {
			t.Errorf("%q: %q, want %q", pw, got, want)
		}
	}
}
