package auth

import (
	"errors"
	"fmt"
	"time"
)

// Sentinel errors. The service wraps them; test with errors.Is.
var (
	// ErrBadCredentials means the email, password, code or token is wrong.
	// It does not say which.
	ErrBadCredentials = errors.New("wrong email, password or code")
	// ErrThrottled means too many sign-ins failed lately; see ThrottledError.
	ErrThrottled = errors.New("too many failed sign-ins")
	// ErrTOTPRequired means the password was right and the account has a
	// second factor, but no code came with it: ask for the code.
	ErrTOTPRequired = errors.New("a one-time code is required")
	// ErrTOTPSetupRequired means the password was right but the account is
	// an administrator without a second factor while Options.RequireAdminTOTP
	// is set: no session is created until one is set up (plenary user totp).
	ErrTOTPSetupRequired = errors.New("administrators must set up a one-time code first")
	// ErrDisabled means the password was right but the account is disabled.
	ErrDisabled = errors.New("account disabled")
	// ErrWeakPassword means a new password is refused; see PasswordError.
	ErrWeakPassword = errors.New("password refused")
	// ErrNotFound means there is no such user or token.
	ErrNotFound = errors.New("not found")
	// ErrDuplicate means the email is already taken.
	ErrDuplicate = errors.New("already exists")
	// ErrSessionEnded means the login session is unknown, timed out, logged
	// out, or its user was disabled.
	ErrSessionEnded = errors.New("session ended")
	// ErrBadEmail means an email address is not acceptable.
	ErrBadEmail = errors.New("not an email address")
	// ErrBadRole means a role name is unknown.
	ErrBadRole = errors.New("unknown role")
	// ErrBadName means a token name is missing or too long.
	ErrBadName = errors.New("bad token name")
	// ErrTOTPNotEnrolled means ConfirmTOTP came before EnrollTOTP.
	ErrTOTPNotEnrolled = errors.New("no one-time code enrolment pending")
)

// ThrottledError says when sign-in may be tried again. It wraps ErrThrottled.
type ThrottledError struct {
	// RetryAfter is how long until the next attempt can be accepted.
	RetryAfter time.Duration
	// Scope is "account" or "address": which counter is over its limit.
	Scope string
}

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("%v for this %s; try again in %s", ErrThrottled, e.Scope, e.RetryAfter.Round(time.Second))
}

// Unwrap returns ErrThrottled.
func (e *ThrottledError) Unwrap() error { return ErrThrottled }

// PasswordReason says why a password is refused.
type PasswordReason string

// Reasons a password is refused.
const (
	PasswordTooShort    PasswordReason = "too_short"
	PasswordTooLong     PasswordReason = "too_long"
	PasswordCommon      PasswordReason = "common"
	PasswordSameAsEmail PasswordReason = "same_as_email"
)

// PasswordError says why a password is refused. It wraps ErrWeakPassword.
type PasswordError struct {
	Reason PasswordReason
}

func (e *PasswordError) Error() string {
	switch e.Reason {
	case PasswordTooShort:
		return fmt.Sprintf("%v: shorter than %d characters", ErrWeakPassword, MinPasswordLen)
	case PasswordTooLong:
		return fmt.Sprintf("%v: longer than %d bytes", ErrWeakPassword, MaxPasswordBytes)
	case PasswordCommon:
		return fmt.Sprintf("%v: it is one of the most common passwords", ErrWeakPassword)
	case PasswordSameAsEmail:
		return fmt.Sprintf("%v: it is the email address", ErrWeakPassword)
	}
	return ErrWeakPassword.Error()
}

// Unwrap returns ErrWeakPassword.
func (e *PasswordError) Unwrap() error { return ErrWeakPassword }
