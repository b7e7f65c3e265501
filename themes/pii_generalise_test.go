package themes

import "testing"

// TestRedactGeneralise pins the issue 11 rules for personal data without a
// full form or a cue word, and their look-alikes, one case per rule.
func TestRedactGeneralise(t *testing.T) {
	tests := []struct{ in, want string }{
		// house names, homes, estates, street names
		{"we live at Rose Cottage now", "we live at [address] now"},
		{"I've been at Hilltop Villa for months", "I've been at [address] for months"},
		{"a room at Clarendon House hostel", "a room at [address] hostel"},
		{"we moved into The Willows last year", "we moved into [address] last year"},
		{"placed in The Laurels care home", "placed in [address] care home"},
		{"stuck in The Priory Hospital", "stuck in The Priory Hospital"},
		{"The Willows unit is better", "The Willows unit is better"},
		{"we live on the Harehills estate", "we live on [address]"},
		{"the Crown Estate owns it", "the Crown Estate owns it"},
		{"the Lowry estate agents", "the Lowry estate agents"},
		{"I live on Mill Lane near the school", "I live on [address] near the school"},
		{"we live at Greenacres now", "we live at [address] now"},
		{"I live at home", "I live at home"},
		{"My dad lives at Holly Bank Farm", "My dad lives at [address]"},
		{"Come to no. 7 Church St please", "Come to [address] please"},
		{"flat 3, 22 Hyde Park Road", "[address]"},
		{"post went to 112 Ecclesall Road South again", "post went to [address] again"},
		{"home: The Coach House, behind the pub", "home: [address], behind the pub"},
		{"we rent Apple Tree Cottage off the farmer", "we rent [address] off the farmer"},
		{"I'm at Newholme now, the supported housing", "I'm at [address] now, the supported housing"},
		{"Newholme Hospital was the worst", "Newholme Hospital was the worst"},
		{"he lives up Cross Flatts Park end", "he lives up [address] end"},
		// dates of birth
		{"born on the third of March 1979", "born on the [date_of_birth]"},
		{"b. 03.04.1986 - check", "b. [date_of_birth] - check"},
		{"birth date 11/11/1980", "birth date [date_of_birth]"},
		{"born on Christmas Day 1971", "born on [date_of_birth]"},
		{"my date of birth (12/03/1985)", "my date of birth ([date_of_birth])"},
		{"DOB 3rd March '86", "DOB [date_of_birth]"},
		{"born 3-Mar-1986", "born [date_of_birth]"},
		{"d/o/b 1/2/80", "d/o/b [date_of_birth]"},
		{"my birthday is 3 March 1986", "my birthday is [date_of_birth]"},
		{"my birthday is the 3rd of March", "my birthday is the 3rd of March"},
		{"I was seen on 3 March", "I was seen on 3 March"},
		{"I was born in 1970", "I was born in 1970"},
		// names
		{"Nguyen was lovely", "[name] was lovely"},
		{"i saw mehwish on tuesday", "i saw [name] on tuesday"},
		{"I saw Mehwish yesterday", "I saw [name] yesterday"},
		{"We were seen by Sinéad today", "We were seen by [name] today"},
		{"Siobhán Ní Bhriain was lovely", "[name] was lovely"},
		{"Gaz the porter made me laugh", "[name] the porter made me laugh"},
		{"Millie the therapy dog", "Millie the therapy dog"},
		{"Dr al-Hassan changed my tablets", "Dr [name] changed my tablets"},
		{"porter Dave was kind", "porter [name] was kind"},
		{"PC Hughes was lovely", "PC [name] was lovely"},
		{"Thanks, Bukola", "Thanks, [name]"},
		{"tell Aoife I said thanks", "tell [name] I said thanks"},
		{"I was seen by Healthwatch", "I was seen by Healthwatch"},
		{"i saw iapt on monday", "i saw iapt on monday"},
		{"i saw pyschiatrist on monday", "i saw pyschiatrist on monday"},
		{"spoke to Talking Therapies", "spoke to Talking Therapies"},
		{"Grace period for the rent", "Grace period for the rent"},
		{"Mark my words", "Mark my words"},
		// partial postcodes
		{"we moved from S11 to S2 and lost our GP", "we moved from [postcode] to [postcode] and lost our GP"},
		{"i live in ls6", "i live in [postcode]"},
		{"moving out of L8 was the best thing", "moving out of [postcode] was the best thing"},
		{"I'm BB2 based", "I'm [postcode] based"},
		{"in BD3, BD4 and BD5", "in [postcode], [postcode] and [postcode]"},
		{"BD3, BD4 and BD5", "BD3, BD4 and BD5"},
		{"I was low in B12 and nobody checked", "I was low in B12 and nobody checked"},
		{"The CO2 alarm and the M62", "The CO2 alarm and the M62"},
		{"living in M1", "living in M1"},
	}
	for _, tt := range tests {
		if got, _ := Redact(tt.in); got != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
