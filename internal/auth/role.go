// Package auth keeps the portal's accounts: users and their roles,
// passwords (argon2id), second factors (TOTP), login sessions and API
// tokens. Everything it remembers lives in the database behind Store, so
// several server processes can share it.
package auth

import (
	"fmt"
	"strings"

	"plenary/internal/catalog"
)

// Role is what a user may do.
type Role string

// Roles, from the most to the least powerful. Each includes the ones below.
const (
	// Admin manages users and may do everything.
	Admin Role = "admin"
	// Editor creates and publishes content.
	Editor Role = "editor"
	// Participant is a delegate who may read restricted documents.
	Participant Role = "participant"
)

// rank orders the roles; unknown roles rank 0 and include nothing.
func (r Role) rank() int {
	switch r {
	case Admin:
		return 3
	case Editor:
		return 2
	case Participant:
		return 1
	}
	return 0
}

// ParseRole returns the role named s (case and spaces do not matter).
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	if r.rank() == 0 {
		return "", fmt.Errorf("%w: %q is not a role (admin, editor or participant)", ErrBadRole, s)
	}
	return r, nil
}

// Can reports whether the role includes want (admin ⊇ editor ⊇ participant).
func (r Role) Can(want Role) bool {
	return r.rank() > 0 && want.rank() > 0 && r.rank() >= want.rank()
}

// AudienceOf maps a user (nil for an anonymous visitor) to the catalogue
// audience: admins and editors are staff, participants are participants,
// and anonymous or disabled users are the public.
func AudienceOf(u *User) catalog.Audience {
	if u == nil || u.Disabled {
		return catalog.Public
	}
	switch {
	case u.Role.Can(Editor):
		return catalog.Staff
	case u.Role.Can(Participant):
		return catalog.Participant
	}
	return catalog.Public
}
