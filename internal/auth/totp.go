package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// TOTP parameters (RFC 6238 defaults, which every authenticator app reads).
const (
	totpStep   = 30 * time.Second
	totpDigits = 6
	totpSkew   = 1 // steps accepted either side of now
	// TOTPIssuer names the portal in authenticator apps.
	TOTPIssuer = "Plenary"
)

var totpEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// newTOTPSecret returns a random 160-bit secret in base32, as RFC 4226
// recommends.
func newTOTPSecret() string {
	b := make([]byte, 20)
	_, _ = rand.Read(b)
	return totpEncoding.EncodeToString(b)
}

// totpURL is the otpauth:// URL that authenticator apps read from a QR code.
func totpURL(secret, email string) string {
	v := url.Values{}
	v.Set("secret", secret)
	v.Set("issuer", TOTPIssuer)
	v.Set("algorithm", "SHA1")
	v.Set("digits", fmt.Sprint(totpDigits))
	v.Set("period", fmt.Sprint(int(totpStep/time.Second)))
	return "otpauth://totp/" + url.PathEscape(TOTPIssuer+":"+email) + "?" + v.Encode()
}

// TOTPCode returns the 6-digit code of secret (base32) at time t, or ""
// when the secret cannot be decoded.
func TOTPCode(secret string, t time.Time) string {
	key, err := decodeSecret(secret)
	if err != nil {
		return ""
	}
	return hotp(key, totpCounter(t))
}

func decodeSecret(secret string) ([]byte, error) {
	s := strings.ToUpper(strings.ReplaceAll(strings.TrimRight(secret, "="), " ", ""))
	return totpEncoding.DecodeString(s)
}

func totpCounter(t time.Time) int64 { return t.Unix() / int64(totpStep/time.Second) }

// hotp is RFC 4226's HOTP with HMAC-SHA-1.
func hotp(key []byte, counter int64) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(counter))
	m := hmac.New(sha1.New, key)
	m.Write(msg[:])
	sum := m.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	code := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	return fmt.Sprintf("%0*d", totpDigits, code%1_000_000)
}

// matchTOTP returns the time step whose code is code, within totpSkew
// steps of now, and whether there is one. Every candidate is compared, in
// constant time.
func matchTOTP(secret, code string, now time.Time) (int64, bool) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	key, err := decodeSecret(secret)
	if err != nil || len(code) != totpDigits {
		return 0, false
	}
	var step int64
	found := false
	c := totpCounter(now)
	for i := c - totpSkew; i <= c+totpSkew; i++ {
		if subtle.ConstantTimeCompare([]byte(hotp(key, i)), []byte(code)) == 1 && !found {
			step, found = i, true
		}
	}
	return step, found
}
