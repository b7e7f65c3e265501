package themes
import "testing"
func TestProbePII2(t *testing.T) {
	for _, s := range []string{"I live on Mill Lane near the school", "14 mill lane", "we live at Greenacres now", "I live at home", "live at Leeds",
		"I was born in 1990", "dob 1986", "born 1990 and still waiting", "my date of birth (12/03/1985)", "DOB 3rd March '86", "born 3-Mar-1986",
		"my birthday is the 3rd of March and I turn 40", "my birthday is 3 March 1986", "i live in ls6", "in b12 levels", "BD3, BD4 and BD5 have nothing",
		"porter Dave was kind", "the cleaner Sue", "PC Hughes was lovely", "Regards, Jane", "Thanks, Bukola", "Love, Mum", "I am called Temitope",
		"i saw iapt on monday", "i saw pyschiatrist on monday", "known as Gaz", "Rev Okoro visited", "ward clerk Janice", "from LS6 2", "I saw Hope again",
		"moved to Leeds in 2019", "born in Leeds in 1990", "the phlebotomist Kerry-Ann"} {
		out, _ := Redact(s)
		t.Logf("%-40q -> %q", s, out)
	}
}
