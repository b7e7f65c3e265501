#!/usr/bin/env python3
"""Composes the risk training corpus (../risk_train.txt) and its held-out
split (../risk_holdout.txt) from the hand-written phrases below.

Each "core" is a phrase written by hand; it is placed in a few hand-written
frames (openings and endings about the service) and some copies get informal
spelling (no apostrophes, lower case, text-speak). Whole cores, not lines, go
to the held-out file (every fifth core of each list, chosen before any
tuning), so held-out lines use phrasings the model never saw in training.
Deterministic: `python3 compose.py` rewrites both files byte for byte.

Written for Chorus by the engineer of issue 11 without reading the unseen
evaluation set (themes/testdata/unseen/).
"""
import random, os

R = random.Random(11)

OPEN = ["", "", "", "To be honest ", "Honestly, ", "Since I was discharged ", "Lately ", "Most nights ",
        "I need to say this: ", "Since the last appointment ", "If I'm truthful ", "Not sure who reads this but ",
        "Sorry to put this here but ", "Over the last few weeks ", "Since my care coordinator left "]
END = ["", "", "", ".", ". Nobody has called me back.", " and the waiting list is nine months.",
       ". I don't know who else to tell.", " and I can't get through to the duty line.", ". Please can someone ring me.",
       " and my next appointment isn't until March.", ".", " and the crisis team said to ring 111.",
       ". I feel let down by the service.", "!!", " and no one seems to care."]

def informal(s):
    t = s
    if R.random() < 0.5:
        t = t.replace("'", "")
    if R.random() < 0.35:
        t = t.lower()
    if R.random() < 0.2:
        t = (t.replace(" you ", " u ").replace(" are ", " r ").replace("because", "cos")
              .replace(" I am ", " im ").replace("I'm ", "im ").replace(" to be ", " 2 be "))
    return t

def frame(core, n):
    out = []
    for _ in range(n):
        o, e = R.choice(OPEN), R.choice(END)
        c = core
        if o and c[:1].isupper() and not c.startswith("I ") and not c.startswith("I'"):
            c = c[0].lower() + c[1:]
        s = (o + c).rstrip(".") + e
        r = R.random()
        if r < 0.2:
            s = R.choice(CONTEXT) + " " + s[0].upper() + s[1:]
        elif r < 0.35:
            s = s.rstrip(".!") + ". " + R.choice(CONTEXT)
        if R.random() < 0.35:
            s = informal(s)
        out.append(s)
    return out

# Ordinary sentences a disclosure may sit between, in either split.
CONTEXT = ["The receptionist was friendly.", "Parking was a nightmare.", "The nurse was kind.", "Waiting times are too long.",
           "The building is clean.", "I liked the group sessions.", "My medication was changed again.", "The letters came late.",
           "Staff are rushed off their feet.", "The doctor was running an hour late.", "Thanks for the cup of tea.",
           "I had to repeat my story again.", "The care coordinator is new.", "The app keeps crashing."]

# ---- risky cores, by kind ----
SUICIDE = """I keep having intrusive thoughts about ending my life
I've been in a really dark place looking for a way out for good
I'm tired of fighting to stay alive
I can't promise I'll keep myself safe this weekend
I've been walking by the canal thinking about going in
I wanted to step off the roof of the car park
I can't stop thinking about dying
I got as far as tying the knot
I was sectioned after I tried to take my life
I've made a will and sorted my affairs because I won't be needing anything soon
the only plan I have is to not be here
I've been hoarding my sleeping tablets for when I've had enough
I feel like I'm a burden and I'm going to take myself out of the picture
I'd sooner be in the ground than go through another year like this
part of me wants to just not come home one day
i keep thinkin bout killin myself
been feelin suicidle again
honestly im ready to end it all
my boyfriend keeps telling me he wants to die and has started drinking heavily
my mum took too many of her pills and said she didn't want to wake up
my 16 year old has been writing about wanting to be dead
I've been thinking it would be easier if I just wasn't here
honestly I don't care if I wake up tomorrow or not
I keep imagining my own funeral and feeling relieved
I looked at the train times and thought about the level crossing
I have the tablets ready in the drawer
nobody would notice if I was gone
I'm scared of what I might do to myself tonight
I've started writing goodbye messages on my phone
I sat on the bridge for an hour before someone talked me down
I've been planning to take all my pills at once
I just want to stop existing
I don't think I can keep myself safe
if I don't get help soon I won't be around to complain
I went to the woods with a rope last Tuesday
the thought of ending my life is the only thing that gives me relief
I feel like I'm better off dead than living like this
I'm at the point where I'm ready to give up on life
I have been googling painless ways to go
my life isn't worth anything and I want it over
every night I pray I don't wake up
I'm not sure how much longer I can hold on
I've lost the will to live
I told my care coordinator I had a plan to die and she said see you next month
I think about crashing my car on the motorway on purpose
last month I tried to hang myself in the bathroom
I nearly jumped from my balcony on Friday
the crisis team sent me home after I told them I wanted to kill myself
im done with everything, no point being alive
tbh i want to die
feel like ending my life most days
sucicidal thoughts all the time
I'm thinking of ending it tonight
my daughter left a note saying she was going to kill herself
my husband said he's going to drive into a wall
my son has been searching online for how to overdose
our lad told his teacher he doesn't want to be alive
my brother was found with a ligature round his neck last week
my mum keeps saying she'd be better off dead and has stopped taking her heart tablets
my partner says he's got nothing to live for and has bought a rope
I'm worried my friend will end her life, she's given me her cat
my dad has said goodbye to all of us and I'm terrified
the young man I support has talked about jumping off the bridge
I don't see the point in carrying on
I've been thinking everyone would be better off without me
I have started giving my things away to my sister
I've written letters to my children in case I'm not here
I keep looking up how many tablets it would take
I've been saving up my medication
I don't think I'll be around for the next survey
I just want everything to stop for good
I want to go to sleep and not wake up
I'm tired of being alive
I feel like a burden and they would be better off if I was gone
there is no way out for me
I've said my goodbyes to people
I won't be here by Christmas
I stood at the edge of the platform waiting for the train
I drove to the cliffs last night and sat there for hours
I have a rope in the garage and I think about it every day
I tried to take my own life in June and nobody followed up
I attempted suicide last year and still have no therapist
the only thing stopping me ending it is my dog
I think about jumping off the multi storey car park
I have been having thoughts of killing myself again
I told the GP I wanted to die and was given a leaflet
life is not worth living anymore
I can't keep going like this, I've had enough of life
I just want to disappear forever and not come back
I have nothing left to live for since my son died
I feel like ending it all
some days I plan how I would do it
I wrote a note last week
I don't want to exist anymore
I'd rather be dead than go back on that ward
death seems like the only answer
I keep wishing I wouldn't wake up in the morning
I took an overdose to end things in the spring
I'm suicidal and nobody is listening
I've been feeling suicidal since the medication change
suicidal thoughts are back every night
I had to be stopped from jumping from the bridge
I've started researching ways to die
I have my plan and the date
I'm so done with life
i wanna die
kms honestly
I'd be better off dead
the world would be better without me in it
I can't see a future for myself at all, I want out
I'm going to end it soon
I think about dying all the time
I have decided I'm not going to be here much longer
sucidal most days
I feel like killing myself
my husband keeps saying he'd be better off dead
my son told me he wants to end his life
my daughter has been talking about not wanting to be alive
my mum said she wants to join dad and has stopped eating
my partner has been giving away his things and saying goodbye
I found my brother's notes saying sorry for everything
my dad has been looking up ways to kill himself
my wife tried to hang herself last month
my friend on the ward said she wants to die and staff ignored it
my teenager told the school she wants to kill herself
the person I care for keeps talking about ending it
my son has been stockpiling his tablets and I'm scared
I'm scared my husband will take his own life
my sister attempted suicide after being discharged too early
my dad's been sitting in the car in the garage with the engine running
my son said there's no point in him being here
dont want 2 be here no more
cant go on anymore
whats the point of living
I have had enough and want it all to end
I'm thinking of stepping in front of a bus
I keep thinking about drowning myself
I want to hang myself
the voices tell me to kill myself and I'm starting to listen
I'm counting down the days until I end it
I bought paracetamol to take all at once
I want to die
I wish I had never been born and want to be gone
I don't plan to be around long
I'm ready to go and I've made my peace""".split("\n")

SELF_HARM = """I've been hurting myself again where nobody can see
I cut to feel something
the urge to cut is stronger every day and I give in most nights
I have been burning myself and hiding it with long sleeves
I took more of my tablets than I should to punish myself
I keep banging my fists against the wall till they swell
self harm is the only way I cope and no one has offered anything else
my son has cuts on his wrists and the school rang us
my girlfriend has started scratching her arms with a compass
I've gone back to hurting myself since the sessions stopped
I use a razor on my legs so nobody sees
I took double my dose on purpose to knock myself out
I hit my head on the wall until I see stars
I've been scratching myself raw with my nails
I burn my arms with hot water when I'm upset
I overdosed on paracetamol and sat in A&E for nine hours
my scars are getting worse and nobody has asked about them
I've started cutting myself again after two years clean
I tied a ligature at the weekend
I harm myself to cope because there is no other help
I swallowed a load of pills after the appointment
I keep self harming and the GP just referred me back to you
I punch myself in the face when the thoughts come
I've been pulling my stitches out
I drink until I pass out on purpose to hurt myself
I took a overdose last nite
been cutting agen
SH most nights now
I've been self-harming since my mum died
my daughter is self-harming and has cuts all up her arms
my son overdosed on his mum's tablets last week
my partner cuts herself when she is upset and the team won't see her
my teenage son burns himself with a lighter
the girl I foster keeps tying things round her neck
my wife keeps scratching her arms until they bleed
my sister took an overdose two days after discharge
my 15 year old has been making herself bleed
I've started cutting again
I burn myself with lighters when it gets bad
I relapsed with self harm after three years
I scratch my arms till they bleed
I took too many of my tablets on purpose last week
I overdosed on Saturday and went to A&E
I bang my head against the wall until it bleeds
I've been hurting myself more since therapy ended
I stopped eating to punish myself
I have fresh cuts on my thighs
I self harm most nights
I've been cutting my wrists
I've been self-harming since I was 14 and nobody has ever asked
I took a handful of pills on Sunday
I've been punching walls until my knuckles break
I hit myself when the voices get loud
I used a blade on my arm again
I tied something round my neck but stopped
I drank bleach last month
I cut myself deep enough to need stitches
I've been burning my skin with cigarettes
sh is back and worse than ever
I relapsed and cut last night
self harming again since discharge
I keep picking at my wounds until they get infected
I swallowed batteries
I pull my hair out until I have bald patches and it hurts
I starve myself for days as a punishment
I've been harming myself in secret
I took an od after the phone call
odd on my meds last weekend
I cut my arms
I burnt my arm with the iron on purpose
my daughter is cutting herself and CAMHS won't see her
my son has burns on his arms that he did himself
I found blades hidden in my daughter's room
my wife took an overdose of her antidepressants
my partner has been self harming and hides it from the team
my son keeps hitting his head on the floor until it bleeds
the young person I foster has scars all over her arms
my husband overdosed on his insulin
my sister has started cutting again since she was discharged
my teenager is making herself sick and hurting herself
I found my daughter with cuts on her legs last night
my son swallowed a load of his tablets
my mum has scratches all over her arms that she did herself
I hurt myself on purpose when I'm overwhelmed
I deserve the pain so I hurt myself
I've been misusing my tablets to hurt myself
I carved words into my skin""".split("\n")

FROM_OTHERS = """someone online is blackmailing me with photos
my carer locks me in my room when she goes out
someone at the day centre keeps taking my money
I still get flashbacks of the abuse and he lives next door
a staff member kissed me on the ward and I didn't want it
my son's friends come round and take my tablets and money
my husband controls what I eat and hits me if I answer back
my partner raped me and I'm still living with him
the man upstairs threatened to stab me
my wife's brother beats her and she won't report it
my husband pushed me down the stairs last week
my partner won't let me leave the house without him
I'm scared of my son when he's been drinking, he hit me again
he says he'll kill me if I tell anyone
my ex broke into the flat and attacked me
a member of staff grabbed my arm and left bruises
I was groomed and abused by a man from the church
my carer shouts at me and hits me when nobody is around
my daughter takes all my pension and I'm frightened of her
my brother keeps threatening to hurt me if I don't give him money
I was assaulted in the hostel and reported it but nothing happened
my neighbour's son keeps coming round and threatening me
the patient in the next bed kept touching me at night
my partner hurts me and I can't get away
my boyfriend strangled me until I passed out
my dad beat me last night
I'm being hit at home
my mum is being knocked about by her partner
the staff at the care home are rough with my dad and he has bruises
my uncle is taking my nan's money and she's scared of him
my partner hits me when he's been drinking
he controls all my money and won't let me see my friends
my neighbour keeps threatening to hurt me
a staff member pushed me against the wall on the ward
I was assaulted by another patient and nobody did anything
my carer takes money from my purse
I'm scared to go home because of him
my husband strangled me last month
my ex keeps turning up at my house and following me
I was raped and the team never asked about it
my boyfriend locks me in the flat
my son shouts at me and takes my bank card
he threatens to kill me if I leave
my wife hits me but I'm too ashamed to tell anyone
a man on the ward touched me and staff laughed
my landlord comes into my room at night
my dad still beats me and I'm 19
I'm being bullied and beaten up by people on my estate
my partner forces me to have sex
the lads downstairs have taken over my flat to sell drugs
I was attacked on the way home from the clinic
my support worker makes me give her my benefits
he said he'd hurt me if I told the nurse
my partner checks my phone and hits me if I talk to anyone
I live with someone who is violent to me
my brother threatened me with a knife
I get kicked and punched by my partner
someone at the hostel keeps threatening me
my husband won't let me take my medication and shouts at me
I'm being abused at home
staff restrained me so hard I was bruised for weeks
my mum's new partner hurts her and me
I was sexually assaulted in the hospital
my partner throws things at me
I'm frightened of my husband
my dad has bruises and I think his carers are rough with him
the care home staff slap my mother
my mum with dementia is being hit by her husband
my brother with learning disabilities is being taken advantage of for his money
my daughter's boyfriend beats her
my friend is being controlled and hurt by her partner
the person I care for is being financially abused by a neighbour""".split("\n")

TO_OTHERS = """I lose control and hit whoever is near me
I dream about hurting the staff who restrained me and I mean it
I keep a hammer by the door and I'll use it on him
when I'm angry I want to kill people
my husband keeps saying he'll hurt the doctor who discharged him
I'm worried I'll hurt my flatmate, I've nearly done it twice
I'm frightened I'm going to hurt my baby
I have thoughts of stabbing people
I want to kill the man who hurt me
I keep thinking about hurting my wife
the voices tell me to attack people and I'm scared I will
I'm going to smash up the office and hurt the receptionist
I feel like I could seriously hurt someone
if I see him again I'll kill him
I've had urges to push my mum down the stairs
my son says he'll kill his father
my partner threatens to hurt the neighbours
the man I care for has started carrying a knife and threatening people
I feel like I might hurt someone
I want to stab him
I keep thinking about harming my neighbour
I'm scared I will attack someone when I'm angry
I have thoughts of killing my partner
I've been carrying a knife for protection and I might use it
I'll smash his face in if he comes near me again
I want to hurt the people who did this to me
I get urges to hurt people in the street
I nearly strangled my flatmate last week
I'm going to hurt the next person who lies to me
I want to burn their house down
the voices tell me to hurt my mum
I hit my partner and I'm frightened I'll do it again
I punched a nurse and could do it again
I have thoughts of pushing people in front of trains
I've got a plan to get back at him and hurt him
I could kill my neighbour and mean it
my son has threatened to stab his dad
my husband says he will kill someone if they discharge him
my brother has been making threats to shoot people
my son hits me and his sisters when he's unwell
the man I care for keeps threatening to hurt staff
my partner says the voices tell him to hurt me""".split("\n")

CHILD = """my daughter's stepdad sends her inappropriate messages
my son is being beaten up at school and the school does nothing
my kids are left with my dad who drinks and hits them
my baby is being left in a dirty nappy all day at her dad's
an older man is picking my 14 year old up from school and giving her gifts
my partner smacks the children hard enough to leave marks
my partner hits the kids when I'm at work
my son came home with bruises from his dad's
my daughter is being sent messages by a grown man
I leave the kids alone when I'm drunk
my ex is dangerous and has my children this weekend
my little girl told me someone touched her at her dad's
the children have no food and their mum is always out of it
my teenage son is being exploited by a gang
my baby's dad shakes him when he cries
I'm scared I'll hurt my children when I'm unwell
my grandchildren are being neglected and nobody is doing anything
my 13 year old is going out with a 20 year old
my kids see him hit me
my partner shouts at the baby and shakes her
my child is left alone for days
my teenager is being groomed by older men online
my 14 year old is being given drugs by older lads
my ex hits our son when he has him at weekends
the children are scared of their dad
my daughter came back from her dad's with bruises
my son's stepdad locks him in his room without food
I'm worried about the kids next door, they are always crying and hungry
I'm struggling to look after my baby and sometimes I want to hurt her
I can't cope and I shouted and shook my son
my daughter is 13 and has a 25 year old boyfriend
my child told me her uncle touches her
my kids aren't safe at home with my partner
when I'm drunk I can't look after the children properly
my son is being made to carry drugs for a gang
the baby was left in the car while he was at the pub
my children have seen me overdose
my partner makes the kids watch when he hurts me
my 12 year old has been sent photos by an adult man
I worry I might harm my baby when the voices come
nobody is feeding my little brother
my ex is threatening to take the kids and hurt them""".split("\n")

# ---- hard negatives ----
NEG = """Suicide Squad was on the TV in the day room, which was a bit much
I've been cutting back on alcohol with the help of the team
my cat died last week and I'm gutted but the team were understanding
my dad passed away peacefully and the nurses were wonderful
I took my tablets as prescribed and feel much better
I hurt my back lifting my son and the GP sorted it
the self-harm group helped me stop for good
I wish I'd known about the crisis cafe before
the knife block was taken out of the ward kitchen which seems sensible
I wanted to die of embarrassment when they called my name out
I'm dead keen on the art group
my ex is no longer in my life and I'm safe now
the staff stopped a fight in the lounge quickly
they talked me out of discharging myself and I'm glad
I don't feel suicidal at the moment, just low
I've not self harmed for three years and counting
my son has never been at risk, he just needs support with school
nobody is hurting me, I just feel lonely
I'm not going to do anything stupid, I just want to talk to someone
the crisis line were great when I felt like ending it a few years ago
I'd kill to have a weekend appointment
my husband would kill me if he knew I'd spent that on parking
I nearly died of shock when they answered first time
the heat on the ward was killing everyone
I'm tired of the same questions at every appointment
I feel like giving up on the phone line and just turning up
I want to hurt the people who wrote this survey, only joking, it's fine
the article about teen self harm in the waiting room was useful for my daughter
I was worried about my daughter's safety at her dad's but social services checked and it's fine
my son's social worker is brilliant and keeps us safe
I used to feel suicidal years ago but I'm in a good place now
the nurse asked me about suicidal thoughts, I have none
thankfully I've never hurt myself
I don't want to die, I just want to be listened to
I'm dying for a cigarette after these long appointments
this phone queue is killing me slowly
I could have killed the receptionist, she was so slow, but she apologised
the weight of paperwork nearly killed me
I was dead on my feet after the visit
my mum's death was handled kindly by the nurses
my husband passed away and the team helped with the funeral
the group on self-harm awareness was helpful for parents
they gave me the suicide prevention number which I'll keep
the harm minimisation plan was explained well
I cut my own hair while waiting for the appointment
they cut me off three times on the phone
I was cut short by the doctor
I took an overdose of caffeine before the appointment, ha
the training on domestic abuse that staff had showed
my daughter is no longer self harming thanks to CAMHS
my son used to cut himself but he's doing brilliantly now
I'm safe at home with my partner who supports me
my kids are safe and well looked after
no one has ever hurt me here
I felt like giving up on the service but I'm glad I didn't
I nearly gave up waiting but it was worth it
I'm killing time in the waiting room writing this
the film they showed about suicide was very moving
I was worried about my son's mood but the team reassured us
the crisis team followed up the next day which was reassuring
my friend joked that she'd kill me if I was late
the doctor said I'm no risk to myself or others, which is right
I'm not a danger to anyone, I just need housing help
I would never harm my baby, I just need sleep
there is nothing wrong at home, I just struggle with anxiety
the knife crime poster in the waiting room was upsetting for kids
my son's school did a talk about online grooming
I'm bored to tears on the ward
the rope swing in the garden is broken
the bridge over the car park needs a handrail
I jump at loud noises since the accident but the OT helped
I want to leave this ward and go home to my family
I feel like I'm going mad with the noise on the ward
I'm sick of waiting, it's doing my head in
I wanted to scream at the phone system
this waiting list is killing me
I nearly died laughing at the nurse's joke
I could kill for a decent cup of tea on the ward
my back is killing me after those chairs
I'm dying to get an appointment with the psychologist
the staff killed it at the carers' event
I was bored to death in the day room
I'm scared to death of needles but the nurse was lovely
the suicide prevention training for staff seems to have helped
there was a self-harm awareness leaflet in the waiting room
the harm reduction group was really useful
the crisis team came quickly and were very kind
I am not suicidal, just fed up with waiting
I've never self harmed, I just need help with anxiety
I'm not going to hurt myself, I just want an appointment
I don't want to die, I want to get better
I'm no longer suicidal thanks to the home treatment team
the nurse asked if I had thoughts of harming myself and I said no
I used to self harm years ago but I'm doing well now thanks to DBT
they cut my medication without asking me
they cut the service and now there's no drop in
I cut down on smoking with the help of the team
the waiting room was hanging with people
I was hanging around for two hours
I'm at the end of my tether with the phone system
the receptionist would be lynched if she said that elsewhere
dead tired after the long journey to the clinic
we killed two birds with one stone at the review
over my dead body will I go back to that GP
the doctor shot down every idea I had
shoot me an email rather than a letter
this app is a nightmare
I'm drowning in paperwork for my benefits
the form was overkill
the bridge group for young people was brilliant
jumping through hoops to get a referral
I was on the edge of my seat waiting for results
staff talked about suicide risk sensitively in the group
my psychiatrist asked about suicidal thoughts, which I don't have
the ward had ligature points removed which is good
I would die for the nurses on Ash ward, they were amazing
the food was to die for
the heat in the building is unbearable
I was attacked by a dog on the way but that's not the service's fault
my care coordinator helped me after my mum died
my dad died last year and bereavement support was helpful
I lost my husband and the team were kind
the film about suicide in the group was thought provoking
the poster about domestic abuse helped me get support years ago
the safeguarding lead was very professional
the staff kept my son safe
I felt safe on the ward
I've not had any thoughts of harming anyone
I would never hurt my children
my son is doing much better and is no longer cutting
the overdose of information at the first appointment was a lot
the doctor said the overdose risk is low with this medicine
they asked about domestic violence and I said there is none
I hit a wall with my recovery but the OT helped
I hit the roof when they cancelled again
it hurts that nobody calls back
my feelings were hurt by the receptionist's attitude
I hurt my knee on the stairs at the clinic
I burnt my hand cooking, the nurse dressed it
I fell and cut my head, A&E were quick
the knife and fork were plastic on the ward which was annoying
my partner is my rock
my kids are my reason to keep going and I'm getting better
I felt hopeless before but now things are looking up
the group stopped me from feeling so alone
my mood has lifted since starting sertraline
I used to want to die but I have not felt like that for a long time
the therapist helped me with my suicidal feelings two years ago and I'm well now
staff should be trained in what to do if someone is suicidal
please make the number for the crisis line easier to find
the Samaritans number should be on the letters
my friend said 'I could murder a pizza' on the way out
the nurse said 'this paperwork will be the death of me' which made me laugh
the chaplain talked about death and dying with my mum gently
my dad is dying of cancer and the team supported us
the end of life care for my nan was excellent
the appointment was cut short
it was a killer of a day but the staff stayed calm
they gave me a shot of my depot on time
the drugs and alcohol service is hard to reach
I'm sick of being passed around
I'm sick to death of repeating my story
I wish I had been told about the group sooner
I wish the parking was free
I want to go home and see my cat
I want it all to be over with the housing office, it has been months
I can't go on waiting this long for therapy
nobody listens to carers
the team gave up on my son
I'm exhausted being a carer
I feel invisible as a carer
there is no point phoning, nobody answers
I don't see the point of these surveys
what's the point of a care plan nobody reads
I gave up on the app
my brother fought with the staff about the TV
the lads on the ward were loud and banging doors
there was a fight in the waiting room and staff handled it well
the security guard was rough with the door
my partner shouts about football too loud
my son was hurt at rugby and the team adjusted his appointment
the kids' play area in the waiting room needs new toys
the baby changing room was dirty
I had to take my kids to the appointment because there was no childcare
staff asked whether my children are safe and I'm glad they did""".split("\n")

ORDINARY = """Nurse Sarah was kind, call her if you need a reference.
Please ring me back about my appointment.
Nobody called me back about my medication.
Can someone call me about the transport?
Dr Patel was lovely and took his time.
My keyworker rings me every week, which helps.
I had to call five times before anyone answered.
The duty worker called me back the same day.
Tell Jo on reception she is a star.
I was never told who to call out of hours.
The staff were kind and listened to me.
Waiting times are too long.
The receptionist was rude on the phone.
My care coordinator is brilliant and always calls back.
Parking is impossible at the hospital.
I'd like more evening appointments.
The ward was clean and the food was good.
The psychiatrist changed my medication without explaining why.
Nobody told me about the carers' assessment.
I waited 40 minutes past my appointment time.
The group therapy was really helpful.
The building is hard to find and the signs are confusing.
Letters arrive after the appointment date.
I felt listened to for the first time.
My son's nurse went above and beyond.
The online booking does not work on my phone.
Please stop changing my care coordinator.
The crisis line took ages to answer.
Staff were friendly but very busy.
It would help to have an interpreter without asking twice.
The OT helped me get back to work.
I liked that I could bring my dog to the garden.
The discharge was rushed and I had no plan.
Carers should be invited to ward rounds.
My medication review was very quick.
The psychologist was understanding and patient.
There's nothing to do on the ward at weekends.
I'd recommend the service to friends.
Please send text reminders.
The waiting room is too noisy.
Staff explained my diagnosis clearly.
I wasn't given a copy of my care plan.
The home treatment team visited every day, which helped.
It's hard to get through on the phone in the morning.
The new building is much nicer.
The doctor didn't read my notes.
More information for families please.
I was treated with dignity.
The peer support worker understood me.
Appointments keep getting cancelled.
The nurse remembered my name.
I had to repeat my story to five people.
The welcome pack was useful.
Staff turnover is too high.
I felt rushed in my appointment.
Thank you to everyone on Willow ward.
The café staff were lovely.
Transport to appointments is a struggle.
Good communication between the team and my GP.
I wish they'd involve me in decisions.""".split("\n")

ORD_OPEN = ["", "", "Overall ", "On the whole ", "This time ", "As a carer, ", "As usual, ", "Compared to last year "]
ORD_END = ["", "", " Thanks.", " Keep it up.", " Could be better.", " 5 stars.", " Not happy.", " Really grateful."]

def ordinary_lines(n, pool):
    out = []
    for i in range(n):
        a, b = R.sample(pool, 2)
        s = R.choice(ORD_OPEN) + (a[0].lower() + a[1:] if R.random() < 0.5 else a)
        if R.random() < 0.5:
            s += " " + b
        s += R.choice(ORD_END)
        if R.random() < 0.5:
            # The same frames as the disclosures, so that "nobody called me
            # back" or "please ring me" is no sign of risk on its own.
            s = frame(s, 1)[0]
        elif R.random() < 0.3:
            s = informal(s)
        out.append(s)
    return out

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    train, hold = [], []
    for kind, cores, n in [("suicide", SUICIDE, 5), ("self_harm", SELF_HARM, 5), ("harm_from_others", FROM_OTHERS, 5),
                           ("harm_to_others", TO_OTHERS, 5), ("safeguarding_child", CHILD, 5), ("-", NEG, 4)]:
        for i, core in enumerate(c.strip() for c in cores if c.strip()):
            lines = frame(core, n)
            (hold if i % 5 == 2 else train).extend((kind, l) for l in lines)
    ords = [o for o in ORDINARY if o.strip()]
    train.extend(("-", l) for l in ordinary_lines(900, [o for i, o in enumerate(ords) if i % 5 != 2]))
    hold.extend(("-", l) for l in ordinary_lines(200, [o for i, o in enumerate(ords) if i % 5 == 2]))
    def write(name, rows, note):
        seen = set()
        with open(os.path.join(here, "..", name), "w") as f:
            f.write("# " + note + "\n# Composed by testdata/risk_corpus/compose.py; do not edit by hand.\n"
                    "# Format as risk_eval.txt: kind<TAB>comment, kind - when it must not be flagged.\n")
            for k, l in rows:
                l = " ".join(l.split())
                if l.lower() in seen or not l:
                    continue
                seen.add(l.lower())
                f.write(k + "\t" + l + "\n")
    trained = {" ".join(l.split()).lower() for _, l in train}
    hold = [(k, l) for k, l in hold if " ".join(l.split()).lower() not in trained]
    write("risk_train.txt", train, "Risk training corpus (issue 11).")
    write("risk_holdout.txt", hold, "Held-out split of the risk corpus: whole phrasings never trained or tuned on.")

main()
