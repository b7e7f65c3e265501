package themes

// The risk lexicon. docs/redaction-and-risk.md explains it; keep the two in step.

// riskSets are word sets used in patterns as "@name".
var riskSets = map[string]map[string]bool{
	"me":    piiSet(`myself my-self meself myslef mysef mself`),
	"self2": piiSet(`my me`), // "my self" is matched as two words
	"notw": piiSet(`don't dont do didn't didnt did not no never cannot can't cant couldn't
		couldnt won't wont wouldn't wouldnt`),
	"want":  piiSet(`want wanted wanting wants wish wished wishing wanna would'nt`),
	"neg1":  piiSet(`don't dont didn't didnt do did dont't`),
	"ahead": piiSet(`anymore any longer alive`),
	"person": piiSet(`he she they him them partner husband wife boyfriend girlfriend ex ex-partner
		ex-husband ex-wife dad father stepdad stepfather mum mother mam stepmum brother sister son
		daughter uncle cousin carer someone somebody staff nurse patient patients man men guy neighbour
		neighbours family landlord friend client resident residents member officer police`),
	"hitverb": piiSet(`hits hit beats beat punched punches kicked kicks slapped slaps strangled
		strangles strangling choked chokes choking raped rapes assaulted assaults attacked attacks
		abused abuses abusing hurt hurts hurting threatens stabbed battered batters
		grabbed molested headbutted bites smacked smacks throttled suffocated shoved hitting beating
		punching kicking slapping strangling threatened threatening attack stab strangle rape punch
		kick slap kill`),
	"passive": piiSet(`raped assaulted attacked abused beaten strangled stabbed groomed stalked
		molested trafficked exploited battered punched mugged robbed`),
	"harmverb": piiSet(`kill killing hurt hurting harm harming stab stabbing attack attacking
		strangle strangling smother smothering shoot shooting murder murdering strangle beat batter
		smash smashing punch punching kick kicking`),
	"othersobj": piiSet(`him her them someone somebody people others anyone anybody everyone
		everybody staff whoever someone's somebody's people's anyone's`),
	"intent": piiSet(`i i'll i'd i'm im ill id want wanted wanting going gonna urge urges thoughts
		thought thinking think feel felt might could will would tempted intrusive planning plan
		plans going`),
	"child":   riskChildren,
	"poss":    piiSet(`my the our his her their your a`),
	"be":      piiSet(`is was are were been being be has had have getting got gets`),
	"cutverb": piiSet(`cut cutting cuts cutted burn burning burnt burned scratch scratching scratched`),
	"bodyp":   piiSet(`arm arms wrist wrists leg legs thigh thighs skin stomach body`),
	"selfverb": piiSet(`hurt hurting harm harming injure injuring injured hit hitting punch punching
		punched bang banging starve starving strangle strangling hang hanging drown drowning poison
		poisoning hurted harmed`),
	"pills": piiSet(`tablets pills meds medication medications paracetamol painkillers sleeping
		antidepressants co-codamol codeine insulin`),
	"partner": piiSet(`partner husband wife boyfriend girlfriend ex ex-partner relationship marriage
		father mother dad mum parent parents family fiance spouse stepdad stepfather stepmum
		stepmother step-dad step-mum`),
	"scared":   piiSet(`scared afraid frightened terrified fearful petrified`),
	"trainetc": piiSet(`train bus lorry car traffic bridge building cliff roof`),
}

// riskNotAgent are subjects that make "will kill someone" a complaint about
// a service, not a threat: "these waiting times will kill someone".
const riskNotAgent = `wait waits waiting delay delays service services system queue queues it this that
	ambulance ambulances times time cuts lack shortage shortages`

// riskNotObject are words that, as the object of a harm verb, make it an
// injury or a figure of speech: "I hurt my back", "I hit a wall".
const riskNotObject = `back arm arms leg legs knee knees neck foot feet head hand hands ankle wrist
	shoulder shoulders hip hips chest ribs eye eyes finger fingers toe toes thumb face nose jaw
	chances career recovery feelings pride case reputation chance wall brick low bottom point
	roadblock nerve button target jackpot ground road hay sack record limit note notes time
	mark spot nail snag ceiling roof barrier lottery cup pint drink coffee tea curry kebab pizza burger
	sandwich beer brew cuppa bacon chocolate cake fag cigarette smoke bottle glass`

// riskChildren are words for a child.
var riskChildren = piiSet(`child children kid kids baby babies son sons daughter daughters toddler
	toddlers grandson granddaughter grandchild grandchildren stepson stepdaughter niece nephew
	teenager teenagers newborn infant little`)

// riskRuleSpecs is the lexicon. Flags: n negatable, i informational
// mentions excluded, c a child object makes it safeguarding_child.
// notNext: words right after the match that make it an idiom; notPrev: words
// up to five words before it (same sentence) that rule it out.
var riskRuleSpecs = []riskSpec{
	// --- suicide: thoughts, plans, attempts, in full, misspelt and in text-speak.
	{RiskSuicide, "suicid*|sucid*|suisid*|suicd*|suacid*|suecid*|siucid*|suiced*|sucuid*|suiside*|suicie*|suidcid*|sucicid*|suicdal", "ni", "bomber bombers bombing bombings squad", ""},
	{RiskSuicide, "kms|unalive*|unaliv*|un-alive*|un-aliv*|sewerslide|sewer-slide|su1cide|su1c1de|suic1de|s*icide", "n", "", ""},
	{RiskSuicide, "sewer slide", "", "", ""},
	{RiskSuicide, "kill|killing|killed|kil|kll|killin @me", "n", "laughing", ""},
	{RiskSuicide, "kill|killing|killed @self2 self", "n", "", ""},
	{RiskSuicide, "end|ending|ended|take|taking|took|takes my|me own? life|lives", "n", "", "saved save"},
	{RiskSuicide, "end|ending|ended it all", "n", "", ""},
	{RiskSuicide, "end|ending|ended things|myself", "n", "", ""},
	{RiskSuicide, "want|wanted|wanting|going|plan|planned|planning|tried|try|trying|attempted|thought|thinking|think|thoughts to|about|of end|ending it", "", "", ""},
	{RiskSuicide, "@notw ~2 want|wanna|wish|wanted to? live|exist", "", "in at with near here there on without", ""},
	{RiskSuicide, "@notw ~2 want|wanna|wish|wanted to? be alive", "", "", ""},
	{RiskSuicide, "@notw ~2 want|wanna|wish|wanted to? be here|around @ahead", "", "", ""},
	{RiskSuicide, "@notw ~2 want|wanna|wish|wanted to? wake|waking up", "", "", ""},
	{RiskSuicide, "not|never be here|around @ahead", "", "", ""},
	{RiskSuicide, "@want to die|dye|d1e", "n", "of laughing for", ""},
	{RiskSuicide, "@want to be dead", "n", "", ""},
	{RiskSuicide, "wanna|wana|wantto die|dye", "n", "of laughing for", ""},
	{RiskSuicide, "kill|killing|killed|kills herself|himself|themself", "n", "laughing", ""},
	{RiskSuicide, "@want to go to sleep and|& never|not wake", "", "", ""},
	{RiskSuicide, "@want i|id|i'd was|were|had dead|died|never", "n", "", ""},
	{RiskSuicide, "wish|wished i wasn't|wasnt|weren't|hadn't|hadnt alive|born|here|woken", "", "", ""},
	{RiskSuicide, "better off dead|without", "", "", ""},
	{RiskSuicide, "no|nothing reason|point to live|living", "", "", ""},
	{RiskSuicide, "nothing|noone|no-one|nobody left? to live for", "", "", ""},
	{RiskSuicide, "not|isn't|isnt|wasn't|wasnt|aint|ain't|no|never worth living|livin", "", "", ""},
	{RiskSuicide, "life|life's|lifes|living ~2 not|isn't|isnt|wasn't|wasnt|aint|ain't worth it|anything", "", "", ""},
	{RiskSuicide, "can't|cant|cannot|couldn't|couldnt go on @ahead", "", "", ""},
	{RiskSuicide, "hang|hanging|hanged|hung|hangs @me", "", "", ""},
	{RiskSuicide, "jump|jumping|jumped|jumps|throw|throwing|threw|throws @me? off|from ~2 bridge|cliff|roof|building|balcony|multi-storey|tower|flyover|car-park|motorway", "", "", ""},
	{RiskSuicide, "jump|jumping|jumped|throw|throwing|threw|step|stepping|stepped|walk|walking|walked|run|ran|running|lie|lay|lying @me? in|infront front? of ~1 train|trains|bus|lorry|lorries|traffic|car|cars", "", "", ""},
	{RiskSuicide, "jump|jumping|jumped|throw|throwing|threw|lie|lay|lying @me? under ~1 train|trains|bus|lorry|car|cars", "", "", ""},
	{RiskSuicide, "jump|jumping|jumped|throw|throwing|threw|step|stepping|stepped|walk|walking|walked|run|ran|running @me? into ~1 traffic|river|sea|canal|motorway|road", "", "", ""},
	{RiskSuicide, "slit|slitting|slash|slashing|slashed|cut ~1 my wrists|throat|wrist", "", "", ""},
	{RiskSuicide, "attempt|attempts|attempted on my life", "", "", ""},
	{RiskSuicide, "tried|try|trying|attempted|attempt|attempts to kill|end|take @me|my", "", "", ""},
	{RiskSuicide, "overdose|overdosed|od to end|die|kill", "", "", ""},
	{RiskSuicide, "wouldn't|wouldnt|won't|wont be here|alive today|now|anymore|much", "", "", ""},
	{RiskSuicide, "would not be here|alive today|now|anymore", "", "", ""},
	{RiskSuicide, "plan|plans|planned|planning to die", "", "", ""},
	{RiskSuicide, "death wish", "", "", ""},
	{RiskSuicide, "noose|nooses", "", "", ""},
	{RiskSuicide, "end|ending|ended everything", "n", "", ""},
	{RiskSuicide, "thinking|thought|think|thoughts about|of just|simply|really? end|ending it", "n", "", ""},
	{RiskSuicide, "notice|care|miss|mind if|when i was|were|wasn't|weren't|am gone|dead|here|around", "", "", ""},
	{RiskSuicide, "easier|better|happier|lighter ~3 if|when i wasn't|weren't|wasnt|werent|was|were here|around|alive|gone|dead", "", "", ""},
	{RiskSuicide, "only way out", "", "", ""},
	{RiskSuicide, "top|topped|topping|tops @me", "n", "up", ""},
	{RiskSuicide, "done|finished with life|living", "", "", ""},
	{RiskSuicide, "on|at the bridge|ledge|cliff|cliffs|roof|railway|tracks|viaduct again|last", "", "", ""},
	{RiskSuicide, "tied|tie|tying|tied-up|hung|hang a|the rope|cord|noose|ligature|belt", "", "", ""},
	{RiskSuicide, "be around|here much|for longer", "", "", ""},
	{RiskSuicide, "point in|of carrying|keeping|going on|going", "", "the a with to", ""},
	{RiskSuicide, "point in|of living|existing|life|me", "", "", ""},
	{RiskSuicide, "hope|hoping|hoped|pray|praying|prayed|wish|wishing ~4 won't|wont|don't|dont|never|not wake", "", "", ""},
	{RiskSuicide, "given|giving|gave|give ~2 belongings|possessions away?", "", "", ""},
	{RiskSuicide, "lethal|fatal|deadly dose|amount|overdose", "", "", ""},
	{RiskSuicide, "how many @pills|paracetamol ~2 would|it|to take|kill|die", "", "", "should can"},
	{RiskSuicide, "@want|wanted ~3 over|end|stop ~1 for good|forever|permanently", "", "", ""},
	{RiskSuicide, "see|find|is|there's|theres|there no|a|any way out", "", "of", ""},
	{RiskSuicide, "@want|hope|hoped|hoping|pray|prayed|praying|rather|ready|deserve|deserved ~4 die|dead|death", "n", "of laughing for", "thought worried scared afraid frightened"},
	{RiskSuicide, "@want|hope|hoped|pray|prayed|praying ~3 kill|killed|end me", "n", "", ""},
	{RiskSuicide, "end|ending|ended my|this ~1 life|existence", "n", "", "saved save"},
	{RiskSuicide, "deserve|deserved|deserves to die|be dead", "n", "", ""},
	{RiskSuicide, "rather be dead", "n", "", ""},
	{RiskSuicide, "ready|prepared to die", "n", "", ""},
	{RiskSuicide, "ending it", "n", "", ""},
	{RiskSuicide, "ways|methods|way|how to die|end|kill|unalive", "", "", ""},
	{RiskSuicide, "carry|go on living", "n", "", ""},
	{RiskSuicide, "thinking|thought|tempted|want|wanted|going|planning|planned|plan ~2 take|taking|swallow|swallowing all my|of|the @pills", "n", "", ""},
	{RiskSuicide, "take|taking|took|swallow|swallowing|swallowed all ~2 @pills at once", "", "", ""},
	{RiskSuicide, "sleep forever", "", "", ""},
	{RiskSuicide, "myself ~1 to|into|off the river|bridge|cliff|cliffs|railway|tracks|sea|canal|viaduct|motorway", "", "", ""},
	{RiskSuicide, "better|easier|happier without me|us in? it?", "", "", ""},
	{RiskSuicide, "will to live|carry|go", "", "", ""},
	{RiskSuicide, "imagining|imagine|imagined|planning|planned|plan|thinking|thought|think about? my own funeral|death", "", "", ""},
	{RiskSuicide, "planning|planned|plan|plans|imagining|imagined|thinking|thought|think about? my death|funeral|suicide|exit", "", "", ""},
	{RiskSuicide, "stood|standing|stand|sat|sitting ~4 edge|ledge|platform|railway|tracks", "", "", ""},
	{RiskSuicide, "took|bought|got|buy|get|take|had a rope|cord|noose", "", "", ""},
	{RiskSuicide, "couldn't|couldnt|didn't|didnt|not go through with it", "", "", "complaint complain appointment surgery operation"},
	{RiskSuicide, "ready|decided|about|gonna|wanna|need|needed going? to end it", "", "", ""},
	{RiskSuicide, "wrote|written|writing|write ~2 goodbye|farewell letter|letters|note|notes", "", "", ""},
	{RiskSuicide, "attempted|attempts twice|before|again|several|multiple|three|four|five|many", "", "to", ""},
	{RiskSuicide, "planning|planned|plan|planned how|when|where ~3 do|end it", "", "", ""},
	{RiskSuicide, "going|gonna|wanted|want|about|ready to jump|jumping", "", "on in into up at out over the a queue ship aboard", ""},
	{RiskSuicide, "want|wanted|wish|wished it|everything all? to stop|end", "", "", "wait waiting queue noise"},
	{RiskSuicide, "better off not|never waking|wake|being|existing|alive|here|around", "", "", ""},
	{RiskSuicide, "dark|darkest|suicidal thoughts|thought|place", "n", "", ""},
	{RiskSuicide, "thoughts|thought|thinking|think of|about not being here|around|alive", "", "", ""},
	{RiskSuicide, "keep|keeping|kept myself safe", "", "", "helped help helping"},
	{RiskSuicide, "giving|give|gave|given up on life|living", "", "", ""},
	{RiskSuicide, "tired|sick|weary of living|life|existing", "", "", ""},
	{RiskSuicide, "tired|sick|weary of being alive", "", "", ""},
	{RiskSuicide, "@want ~3 disappear|vanish", "n", "", ""},
	{RiskSuicide, "feel|felt|feeling like a burden", "n", "", ""},
	{RiskSuicide, "happier|better if i wasn't|weren't|wasnt|werent around|here|alive", "", "", ""},
	{RiskSuicide, "took|take|taken|taking|takes his|her|their own life", "", "", ""},
	{RiskSuicide, "found|find me|her|him on|at ~2 bridge|railway|tracks|track|roof|cliff|edge", "", "", ""},
	{RiskSuicide, "life|life's|lifes|living ~1 is|feels|seems|was|felt ~1 pointless|meaningless|hopeless", "", "", ""},
	// --- self-harm and overdose.
	{RiskSelfHarm, "self-harm*|selfharm*|self-injur*|selfinjur*|self-mutilat*|self-harrm*|self-ham*|self-hurt*|selfhurt*|sef-harm*|slef-harm*|self-destruct*", "ni", "", ""},
	{RiskSelfHarm, "self|sef|slef harm*|injur*|mutilat*|harrm*|ham|hamr*|harn*|hurt*|destruct*", "ni", "", ""},
	{RiskSelfHarm, "urges|urge|relapsed|relapse|did|done|do|doing|stop|stopped|my|to|into|of|history sh", "", "", ""},
	{RiskSelfHarm, "sh scars|urges|wounds|cuts|again|relapse|injuries", "", "", ""},
	{RiskSelfHarm, "@cutverb @me", "n", "", "accidentally accident"},
	{RiskSelfHarm, "@cutverb @self2 self", "n", "", ""},
	{RiskSelfHarm, "cut|cutting|cuts|cutted|burn|burning|burnt|burned|harm|harming|hurting|starve|starving|starves herself|himself|themself|themselves", "n", "", "accidentally accident fell fall slipped tripped"},
	{RiskSelfHarm, "cut|cutting|cuts|cutted|slash|slashing|slashed ~1 my @bodyp", "n", "", "accidentally accident"},
	{RiskSelfHarm, "cuts|scars|burns|wounds on|all my @bodyp", "", "", ""},
	{RiskSelfHarm, "cutting|cut|burning|self-harming|harming again", "n", "", "hair"},
	{RiskSelfHarm, "started|start|stopped|stop|been|keep|kept|began|begun|relapsed cutting|burning", "n", "back down corners costs services staff hair funding the out off it short my corners", ""},
	{RiskSelfHarm, "urge|urges|need|temptation|tempted to cut|burn|harm|sh", "", "back down corners costs services staff hair funding the out off it short", ""},
	{RiskSelfHarm, "my|her|his cuts|scars|self-harm*", "", "", "fell fall slipped tripped accident operation surgery"},
	{RiskSelfHarm, "burning|burnt|burned|burn ~1 my @bodyp", "n", "", "accidentally accident kettle oven cooking iron"},
	{RiskSelfHarm, "bang|banging|banged|hit|hitting|smash|smashing my head against|on|off ~1 wall|walls|floor|door|doors", "", "", ""},
	{RiskSelfHarm, "till|until i bleed|bled", "", "", ""},
	{RiskSelfHarm, "till|until they|it|i bleed|bled|bleeds|bleeding", "", "", ""},
	{RiskSelfHarm, "scratch|scratching|scratched|pick|picking|picked my @bodyp", "n", "", "itch itchy itching eczema rash"},
	{RiskSelfHarm, "the|her|his|their sh", "", "", ""},
	{RiskSelfHarm, "sh'ing|shing|sh-ing|sh'd|sh'ed|sh'ed|shd", "", "", ""},
	{RiskSelfHarm, "stitches|stiches|glued|steri-strips ~5 cut|cutting|self-harm*|sh", "", "", "operation surgery cooking accident accidentally fell fall"},
	{RiskSelfHarm, "more|extra ~3 @pills ~1 than", "", "", ""},
	{RiskSelfHarm, "used to cut|burn|self-harm|sh|harm", "", "hair grass the my people back down costs corners", ""},
	{RiskSelfHarm, "cut|cutting|cuts too|so deep|deeply", "", "", ""},
	{RiskSelfHarm, "carve|carving|carved|carves into? my|myself|herself|himself @bodyp?", "", "", ""},
	{RiskSelfHarm, "scars|cuts|marks|wounds from cutting|self-harm*|self|sh|burning|burns", "", "", ""},
	{RiskSelfHarm, "swallowed|swallowing|swallow|ate|eating|drank|drinking|drink batteries|blades|razor|razors|glass|bleach|screws|objects|pins|nails|cleaning|detergent|antifreeze", "", "", ""},
	{RiskSelfHarm, "punched|punching|punch|hit|hitting|head-butted|headbutted|headbutting walls|wall|doors|door|windows|window ~2 until|till|and|so", "", "", ""},
	{RiskSelfHarm, "took|swallowed|taken|had #15 ~1 @pills", "", "", ""},
	{RiskSelfHarm, "saved|saving|save|stored|storing|stashed|stash up? ~2 @pills", "", "", ""},
	{RiskSelfHarm, "@pills saved|stored|stashed|hoarded", "", "", ""},
	{RiskSelfHarm, "@selfverb @me", "n", "", "fell fall falling fallen slipped tripped accident accidentally crash"},
	{RiskSelfHarm, "@selfverb @self2 self", "n", "", "fell fall falling fallen slipped tripped accident accidentally"},
	{RiskSelfHarm, "danger|risk|threat to myself|me|self|herself|himself|themselves", "", "assessment assessments", ""},
	{RiskSelfHarm, "harming|cutting yourself|urself", "", "", ""},
	{RiskSelfHarm, "overdose|overdoses|overdosed|overdosing|overdoes|overdosd|od'd|od'ed|oded|odd'd|o.d", "i", "", "accidentally accidental accident"},
	{RiskSelfHarm, "an|took|taken|take|taking|did|done|another|after|big|massive|my od|o.d|ods", "", "", ""},
	{RiskSelfHarm, "took|take|taken|taking|swallowed|swallow|swallowing ~2 too|handful|load|loads|box|boxes|packet|packets|bottle|whole|stash ~3 @pills", "", "", ""},
	{RiskSelfHarm, "swallowed|swallowing ~1 all ~2 @pills", "", "", ""},
	{RiskSelfHarm, "stockpiling|stockpiled|stockpile|hoarding|hoarded ~2 @pills", "", "", ""},
	{RiskSelfHarm, "ligature|ligatured|ligatures|ligaturing", "", "point points risk risks free anti audit audits", "anti"},
	{RiskSelfHarm, "tied|tie|tying|put|used|wrapped something|a|ligature|belt|cord|scarf|rope|wire ~1 around|round my neck", "", "", ""},
	// --- safeguarding: a child at risk.
	{RiskSafeguardingChild, "child|children abuse|abused|neglect|neglected|exploitation|exploited|sexual|trafficking|trafficked|cruelty|protection", "i", "training course courses policy leaflet awareness", ""},
	{RiskSafeguardingChild, "cse|fgm", "", "", ""},
	{RiskSafeguardingChild, "@hitverb|neglects|neglected|neglecting|neglect|shakes|shook|shaking|starves|starving|molests|groomed|grooming|grooms|smothered|locked @poss @child", "", "", ""},
	{RiskSafeguardingChild, "@child ~1 @be ~1 being? abused|neglected|groomed|exploited|assaulted|raped|molested|unsafe|smacked|harmed|battered|strangled", "", "", ""},
	{RiskSafeguardingChild, "@child ~1 @be ~1 touched inappropriately", "", "", ""},
	{RiskSafeguardingChild, "@child ~1 @be not safe", "", "", ""},
	{RiskSafeguardingChild, "@child ~1 isn't|isnt|wasn't|wasnt|aren't|arent|weren't|werent|never safe|unsafe", "", "", ""},
	{RiskSafeguardingChild, "@child ~1 @be ~1 in danger", "", "", ""},
	{RiskSafeguardingChild, "@child ~1 @be ~1 at risk", "", "of from", ""},
	{RiskSafeguardingChild, "left|leaves|leaving|leave ~1 @child ~2 home? alone|unattended|unsupervised", "", "", ""},
	{RiskSafeguardingChild, "abused|assaulted|exploited|raped|molested|groomed as a child|kid|teenager", "", "", ""},
	{RiskSafeguardingChild, "@child ~8 touches|touched|touching|hits|beats|abuses|abused|molests|molested her|him|them", "", "", ""},
	{RiskSafeguardingChild, "@child ~1 @be ~1 left alone|unattended|unsupervised", "", "", ""},
	{RiskSafeguardingChild, "rough|violent|aggressive|abusive with|towards|to @poss @child", "", "", ""},
	{RiskSafeguardingChild, "@child ~6 older men|man|guys|boys|males", "", "", ""},
	{RiskSafeguardingChild, "@child ~6 bruises|bruised|bruising|marks|injuries|burns", "", "", "fell fall falling slipped tripped accident accidentally bike school football"},
	{RiskSafeguardingChild, "not|nobody|noone|no-one|never ~1 feeding|feeds|fed|washing|clothing @poss? @child", "", "", ""},

	{RiskSafeguardingChild, "@child ~3 @be ~2 bullied|beaten|hit|hurt|attacked|threatened", "", "in at to", "fell fall falling slipped tripped accident accidentally car bike ball dog"},
	{RiskSafeguardingChild, "@child ~3 hurt|harm|kill|hit|beat|abuse them|him|her", "", "", "fell fall falling slipped tripped accident accidentally"},
	{RiskSafeguardingChild, "@child ~3 seen|saw|see|witnessed|witness ~2 @hitverb|abuse|violence|fighting", "", "", ""},
	// --- harm to others.
	{RiskHarmToOthers, "@intent ~3 @harmverb @othersobj", "", "feelings feeling", riskNotAgent},
	{RiskHarmToOthers, "@intent ~2 @harmverb @poss @partner|@child|neighbour|neighbours|carer|nurse|nurses|doctor|staff|colleague|colleagues|boss|brother|sister|baby|people|patients|others", "c", "", riskNotAgent},
	{RiskHarmToOthers, "telling|tell|tells|told|telling me to @harmverb @othersobj", "", "", ""},
	{RiskHarmToOthers, "telling|tell|tells|told|telling me to @harmverb my|the|a|his|her _", "", riskNotObject, ""},
	{RiskHarmToOthers, "lashed|lash|lashing out ~3 hurt|hit|punched|attacked|injured|kicked|bit|assaulted", "", "", ""},
	{RiskHarmToOthers, "@intent ~2 do|doing something to @othersobj", "", "", riskNotAgent},
	{RiskHarmToOthers, "carry|carrying|carried|carries|bought ~1 knife|knives|weapon|blade|gun", "", "", ""},
	{RiskHarmToOthers, "@intent ~2 @harmverb my|his|her|our|the|a _", "", riskNotObject, riskNotAgent},
	{RiskHarmToOthers, "i|i've|ive|i'd|id ~1 threatened|attacked|stabbed|punched|assaulted|strangled|hit|beat|battered|kicked|slapped|headbutted|bit|hurt|harmed|smacked @poss|him|her|them|someone|somebody|another|people|staff|a|an", "c", riskNotObject, ""},
	{RiskHarmToOthers, "threatened|threatening|threaten|threatens ~3 with a|an? knife|weapon|blade|gun|bat|hammer|axe|screwdriver|scissors", "", "", ""},
	{RiskHarmToOthers, "homicidal|murderous", "n", "", ""},
	{RiskHarmToOthers, "violent|violence thoughts|urges|fantasies|impulses", "n", "", ""},
	{RiskHarmToOthers, "thoughts|urges|fantasies of violence|killing|hurting|harming|stabbing|attacking|strangling", "n", "myself yourself herself himself themselves my", ""},
	{RiskHarmToOthers, "danger|threat to others|other|people|public|everyone", "", "", ""},
	// --- harm from others: domestic abuse, assault, exploitation.
	{RiskHarmFromOthers, "domestic abuse|violence|abuser|abusers|assault|assaults|incident|incidents|abusive|violent", "i", "", ""},
	{RiskHarmFromOthers, "abusive|violent|controlling|coercive @partner|ex|relationship|marriage|home|household|man|woman|men|person|people", "", "", ""},
	{RiskHarmFromOthers, "coercive|coercion control|controlling|controlled", "", "", ""},
	{RiskHarmFromOthers, "@partner|ex @be ~1 controlling|abusive|violent", "", "", ""},
	{RiskHarmFromOthers, "slapped|punched|strangled|raped|assaulted|beat|battered|stabbed|smacked|headbutted|throttled|molested|choked me", "", "to up out off at", ""},
	{RiskHarmFromOthers, "@person ~3 @hitverb me|us", "", "at to", ""},
	{RiskHarmFromOthers, "@scared to go|going|be back? home", "", "", ""},
	{RiskHarmFromOthers, "violent|aggressive|abusive|rough towards|to|with me|him|her|them|us", "", "", "patient patients staff nurse"},
	{RiskHarmFromOthers, "@person ~2 beat|beats|beaten|battered|beating me|us up", "", "", ""},
	{RiskHarmFromOthers, "@person ~2 threatens|threatened|threatening to kill|hurt|stab|harm|beat|attack|strangle me|us", "", "", ""},
	{RiskHarmFromOthers, "i|i've|ive|i'd|id|i'm|im|we|we've|me ~2 been? @passive", "", "at to off", ""},
	{RiskHarmFromOthers, "rape|raped|rapist|rapes", "i", "", ""},
	{RiskHarmFromOthers, "abuse|abused|abusive|abusing", "i", "", "substance drug drugs alcohol solvent solvents benefit benefits system power"},
	{RiskHarmFromOthers, "hitting|beating|kicking|punching|slapping|strangling|choking|threatened|threatening me|us", "", "at to up out", ""},
	{RiskHarmFromOthers, "sexual|sexually abuse|abused|assault|assaulted|violence|exploitation", "i", "", ""},
	{RiskHarmFromOthers, "@notw ~1 feel|felt safe at|in home|house", "", "", ""},
	{RiskHarmFromOthers, "@notw ~1 feel|felt safe with|around him|my|partner|husband|wife|boyfriend|girlfriend|dad|mum|father|mother", "", "", ""},
	{RiskHarmFromOthers, "not|isn't|wasn't|isnt|wasnt|never safe at|in home", "", "", ""},
	{RiskHarmFromOthers, "unsafe at|in home", "", "", ""},
	{RiskHarmFromOthers, "@scared|scarred of my|me @partner|son|daughter|brother|sister|neighbour|ex", "", "", ""},
	{RiskHarmFromOthers, "@scared of him", "", "", ""},
	{RiskHarmFromOthers, "@scared he|she|they will|might|would|could|'ll hurt|kill|hit|harm|attack", "", "", ""},
	{RiskHarmFromOthers, "@scared he'll|she'll|they'll hurt|kill|hit|harm|attack", "", "", ""},
	{RiskHarmFromOthers, "stalking|stalked|stalks|harassing|harassed me|us", "", "", ""},
	{RiskHarmFromOthers, "my stalker|abuser|attacker|rapist", "", "", ""},
	{RiskHarmFromOthers, "financially|emotionally|physically|psychologically|sexually abused|abusing|exploited|abusive", "", "", ""},
	{RiskHarmFromOthers, "financial|emotional|physical|psychological|elder abuse", "i", "", ""},
	{RiskHarmFromOthers, "forced|made me to? have sex", "", "", ""},
	{RiskHarmFromOthers, "violence|violent|aggression towards|against|to me|us", "", "", ""},
	{RiskHarmFromOthers, "@partner|he|she ~2 controls|controlled|controlling|takes|took|checks|checked|monitors|tracks all? my money|finances|benefits|phone|bank|card|messages", "", "", ""},
	{RiskHarmFromOthers, "@person ~2 throws|threw|throwing ~2 at me|us", "", "", ""},
	{RiskHarmFromOthers, "@person ~2 spits|spat|spitting at|on me|us", "", "", ""},
	{RiskHarmFromOthers, "@person ~2 locks|locked|locking me|us in|up|out", "", "", "staff nurse nurses ward"},
	{RiskHarmFromOthers, "@partner|ex ~1 won't|wont|doesn't|doesnt|wouldn't|wouldnt|didn't|didnt|never lets|let|allow|allows me ~1 leave|go|see|out|have|talk|speak", "", "", ""},
	{RiskHarmFromOthers, "@person ~2 pushes|pushed|pushing|shoves|shoved|knocks|knocked|throws|threw me|us around|about|over|down|into|against", "", "", ""},
	{RiskHarmFromOthers, "@person ~2 steals|stole|stealing|steal|took|takes|taking all? my money|benefits|pension|card|cards|savings|wages", "", "", ""},
	{RiskHarmFromOthers, "@person ~2 broke|broken|fractured|smashed my|her|his nose|jaw|ribs|cheekbone|arm|wrist|teeth", "", "", "fell fall falling slipped tripped accident accidentally"},
	{RiskHarmFromOthers, "touched me inappropriately", "", "", ""},
}

// riskInfoNext are words after a topic word that make it an informational
// mention: "suicide awareness", "self-harm training".
var riskInfoNext = piiSet(`awareness prevention training leaflet leaflets poster posters week day month
	campaign campaigns policy policies rates rate statistics stats helpline helplines hotline charity
	course courses module modules information info talk talks display displays film documentary
	programme program strategy booklet booklets workshop workshops research awareness-raising
	lecture lectures seminar seminars bereavement survivors website websites guidance protocol
	protocols charities services service risk risks assessment assessments`)

// riskInfoNouns are words before "about/on/for" that make what follows an
// informational mention: "a leaflet about self harm".
var riskInfoNouns = piiSet(`leaflet leaflets poster posters training information info booklet booklets
	talk talks documentary film article articles course courses programme lecture workshop
	workshops campaign awareness stats statistics display displays video videos session sessions
	group groups research book books website advert adverts signs sign`)

// riskInfoLink join an informational noun to its topic.
var riskInfoLink = piiSet(`about on for regarding re around of`)

// riskNegations negate a following state word: "not suicidal".
var riskNegations = piiSet(`not never no isn't wasn't aren't weren't don't didn't haven't hasn't
	hadn't never denied deny denies without isnt wasnt dont didnt havent hasnt nor`)

// riskPastMarkers after a negated state mean it was so before: "not suicidal
// anymore", "haven't self harmed for two years", "since".
var riskPastMarkers = piiSet(`anymore any more longer now since for in years months weeks yet again`)
