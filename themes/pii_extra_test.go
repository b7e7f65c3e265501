package themes

import "testing"

// TestRedactExtra covers the detectors added for issue 11: names with no
// cue word, partial postcodes, house names and electoral wards where
// someone lives, and the look-alikes they must leave alone.
func TestRedactExtra(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Speak to Okonkwo about it.", "Speak to [name] about it."},
		{"Kowalski from the team was rude.", "[name] from the team was rude."},
		{"I live in NN3 and the bus is bad.", "I live in [postcode] and the bus is bad."},
		{"We are in the LE3 area.", "We are in the [postcode] area."},
		{"I live at Rosewood House.", "I live at [address]."},
		{"Send it to Rose Cottage, 3 Mill Lane.", "Send it to [address], [address]."},
		{"We live in Abington ward and the bus is poor.", "We live in [address] and the bus is poor."},
		{"The charge nurse Tom Baker was great.", "The charge nurse [name] was great."},
		{"dob 3.4.87", "dob [date_of_birth]"},
		// Left alone: hospital wards, roads, vitamins, quarters, buildings
		// nobody lives in.
		{"Cherry Ward staff should be proud.", "Cherry Ward staff should be proud."},
		{"The M1 was closed so the A14 was slow.", "The M1 was closed so the A14 was slow."},
		{"I take vitamin B12 in the morning.", "I take vitamin B12 in the morning."},
		{"Results for Q3 in the report.", "Results for Q3 in the report."},
		{"The clinic at Oak House was easy to find.", "The clinic at Oak House was easy to find."},
	}
	for _, tt := range tests {
		if got, _ := Redact(tt.in); got != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
