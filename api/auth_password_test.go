package api_test

import (
	"strings"
	"testing"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/survey"
)

func TestCheckPassword(t *testing.T) {
	for _, tc := range []struct {
		name, password, email, want string
	}{
		{"OK", "velvet harbour tangerine", "ann.smith@trust.example", ""},
		{"OKLongUnicode", "ddraig goch ar y bryn ☕ ☕", "a@b.example", ""},
		{"OKExactlyTwelve", "mossy-lantern", "a@b.example", ""},
		{"ErrShort", "short-pass1", "a@b.example", "at least 12"},
		{"ErrShortRunes", "ééééé-ééééé", "a@b.example", "at least 12"},
		{"ErrLong", strings.Repeat("abcdefghij", 26) + "x", "a@b.example", "at most 256"},
		{"ErrCommon", "qwertyuiop12", "a@b.example", "too common"},
		{"ErrCommonCase", "PASSWORD1234", "a@b.example", "too common"},
		{"ErrCommonWithDigits", "Liverpool2026!", "a@b.example", "too common"},
		{"ErrCommonPhrase", "iloveyouforever", "a@b.example", "too common"},
		{"ErrEmailLocalPart", "my-name-is-ann.smith", "ann.smith@trust.example", "e-mail"},
		{"ErrEmailNamePart", "horse-SMITHSON-battery", "ann.smith@trust.example", "e-mail"},
		{"ErrRepeated", "zzzzzzzzzzzzzz", "a@b.example", "repeated"},
		{"ErrSequence", "abcdefghijklmn", "a@b.example", "sequence"},
		{"ErrDigitSequence", "345678901234", "a@b.example", "sequence"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := api.CheckPassword("new_password", tc.password, tc.email)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("CheckPassword(%q) = %v, want nil", tc.password, err)
				}
				return
			}
			if got := survey.ErrorCode(err); got != survey.EUNPROCESS {
				t.Fatalf("code = %q, want unprocessable (err %v)", got, err)
			}
			fs := survey.ErrorFields(err)
			if len(fs) != 1 || fs[0].Field != "new_password" || !strings.Contains(fs[0].Message, tc.want) {
				t.Fatalf("fields = %v, want new_password mentioning %q", fs, tc.want)
			}
		})
	}
}

func TestHashPassword(t *testing.T) {
	h := api.HashPassword("velvet harbour tangerine")
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q is not a PHC argon2id string with the OWASP parameters", h)
	}
	if h2 := api.HashPassword("velvet harbour tangerine"); h2 == h {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
	for _, tc := range []struct {
		name, hash, password string
		want                 bool
	}{
		{"OK", h, "velvet harbour tangerine", true},
		{"ErrWrong", h, "velvet harbour tangerinE", false},
		{"ErrEmpty", h, "", false},
		{"ErrTampered", h[:len(h)-2] + "AA", "velvet harbour tangerine", false},
		{"ErrWeakParams", strings.Replace(h, "m=19456", "m=8", 1), "velvet harbour tangerine", false},
		{"ErrNotPHC", "plain", "plain", false},
		{"ErrOtherAlgorithm", strings.Replace(h, "argon2id", "argon2i", 1), "velvet harbour tangerine", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := api.VerifyPassword(tc.hash, tc.password); got != tc.want {
				t.Fatalf("VerifyPassword = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestGeneratePasswordMeetsPolicy(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 50; i++ {
		p := api.GeneratePassword()
		if err := api.CheckPassword("password", p, "someone@example.org"); err != nil || seen[p] {
			t.Fatalf("generated %q: %v (repeat %v)", p, err, seen[p])
		}
		seen[p] = true
	}
}

func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		api.HashPassword("velvet harbour tangerine")
	}
}
