package survey

import (
	"fmt"
	"unicode"
)

// controlMessage returns why a text answer cannot be stored, or "": it may
// not hold NUL or any other control character, except a tab, and line
// breaks in long text. Such characters are never typed; they come from a
// broken client or an attempt to smuggle something past later readers.
func controlMessage(s string, multiline bool) string {
	for _, r := range s {
		if !unicode.IsControl(r) || r == '\t' || (multiline && r == '\n') {
			continue
		}
		if r == '\n' {
			return "Write your answer on one line."
		}
		return fmt.Sprintf("Remove the hidden control character (U+%04X) from your answer.", r)
	}
	return ""
}
