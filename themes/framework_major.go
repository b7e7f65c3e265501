package themes

// MajorOf returns the major category of the sub-theme at index i of
// SubThemes, or "" when i is out of range. Reports use it to group
// sub-themes under their majors.
func MajorOf(i int) string {
	if i < 0 || i >= len(majorOfSub) {
		return ""
	}
	return MajorCategories[majorOfSub[i]]
}
