package demo

// plannedAction is an action a demo team records after a quarter's report
// ("you said, we did"): the framework sub-theme it answers, what the team
// will do and who owns it.
type plannedAction struct {
	Theme, Description, Owner string
}

// actionBank holds the actions the demo teams take, two a quarter, in turn.
var actionBank = []plannedAction{
	{"Timeliness of care", "We have added two assessment clinics a week so that people wait less for a first appointment, and we ring everyone on the waiting list once a month.", "Team manager"},
	{"Contacting services", "The duty line is now staffed until 8pm on weekdays, and messages left before 4pm are returned the same day.", "Duty team lead"},
	{"Interaction with family/ carers", "Every carer is now offered a carer's assessment at the first appointment, and a carers' group meets on the first Tuesday of each month.", "Carers' lead"},
	{"Continuity of care", "People keep the same care coordinator unless they ask to change, and any handover happens in a joint appointment.", "Team manager"},
	{"Appointment arrangements", "Evening appointments are available on Tuesdays and Thursdays for people who work or study.", "Administration lead"},
	{"Being kept informed, clarity & consistency of information", "After each appointment you get a short letter saying what was agreed and who to contact, sent within five working days.", "Administration lead"},
	{"Staffing levels & responsiveness", "We have recruited three more nurses and no longer use agency staff for care coordination.", "Service manager"},
	{"Supplying & understanding medication", "A pharmacist now runs a weekly medication clinic where you can ask about side effects.", "Lead pharmacist"},
	{"Discharge", "Discharge plans are written with you and, if you agree, with your family, and you can come back within six months without a new referral.", "Team manager"},
	{"Environment, facilities & equipment", "The waiting room has been redecorated with quieter seating and a private space for people who find waiting hard.", "Facilities manager"},
	{"Information provision & guidance", "A new welcome pack explains what to expect, in plain English and easy read, and is sent before the first appointment.", "Peer support worker"},
	{"Transport to/ from services", "Bus fares to appointments can now be refunded on the day at reception.", "Administration lead"},
}
