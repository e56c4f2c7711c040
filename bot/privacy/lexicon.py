"""Words the privacy guard knows: first names (from Faker's person providers, a maintained
package with names from some eighty locales), and the domain's own vocabularies — diagnoses,
symptoms, medications, crisis and legal matters, care settings, the roles referrers hold and
the words that make a name an organisation."""

from __future__ import annotations

import importlib
import os
import pkgutil
from collections.abc import Callable
from functools import cache
from importlib import metadata
from pathlib import Path


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# First names that are also everyday words in this domain: never a name on their own.
COMMON_WORDS = words("""
    will may june april august grace hope faith joy mark bill art dean chase rose lincoln
    jefferson sage page rich pat sunny summer autumn winter spring star story river brook
    lane park hill wood king queen prince major young long early love patience harmony
    chance miles price ray reed rush ward wade amber holly ruby pearl dawn eve cash gene
    glen guy jean jewel kay lee lou max nick norm rob sandy skip sue ted tim toby vic
    walker win woody worth al ali ben cody dale don drew ed gus hunter mason carter taylor
    tanner parker cooper sawyer porter fisher baker bishop deacon pastor judge jordan
    jackson madison houston dallas austin phoenix denver paris sydney victoria florence
    regina georgia carolina virginia kansas tennessee india china lourdes mercy trinity
    angel angels christian saint saints genesis shepherd sterling golden silver merry
    happy honey sugar candy cherry olive basil hazel heather iris lily daisy violet poppy
    willow ash birch bay marina coral haven destiny serenity journey legacy unity liberty
    justice noble royal reading hanna oakley tucker harper mercer penn stone rock sky
    cloud rain storm ron jan mar dec oct sept nov feb aug jun jul tue wed thu fri sat sun
    mon el la le de di du van von del dos das mi an ma pa na ta ka kim
""")


# Short forms clinicians type for people, which no locale lists as a given name.
NICKNAMES = words("""
    kev vic izzy fin ty bri tee lu raj jd tj aj cj dj bj mj kj rj pj bo jo jojo lulu gigi
    deb debs steph chrissy chris kris jen jenn jess jessie becca bex bec liz lizzie beth
    cat kat kate katie kit mags maggie meg meggie nat tash tasha sash mel mandy manda
    abby abs addy ally allie ari bex cass cassie dani dee di elle em emmy evie fran frankie
    gabi gabby georgie gina izzie jacqui jac jojo jules kels kenz lexi livvy liv lola lou
    lulu maddie maddy mads mia millie minnie nell nellie nico niki nikki pen penny pip
    rae roz sami sammy shay sid soph sophie tay tess tilly trish val vee viv zee zoe zo
    alex andy ant benji bert billy bobby brad charlie chaz chuck dave davey dom donnie
    eddie freddie fred gabe gio hal harry hank jake jamie jay jimmy joey johnny jonny josh
    kenny larry lenny manny matt mattie mikey mo nate ned ollie pete petey phil reg rick
    ricky robbie ronnie russ sal sandy seb sonny stevie stu teddy theo tommy tony topher
    vinny wes will zach zack zeke
""")


def _names_cache(kind: str) -> Path:
    """Where a word list from Faker is kept between runs: reading 80 locales takes 0.4 s,
    importing Faker at all 0.1 s, a file 5 ms."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "showup" / f"{kind}-faker-{metadata.version('Faker')}.txt"


_NAME_ATTRIBUTES = {
    "first-names": ("first_names", "first_names_male", "first_names_female",
                    "first_names_nonbinary"),
    "last-names": ("last_names",),
}


@cache
def first_names() -> frozenset[str]:
    """Lowercase first names from every Faker locale, and the usual nicknames."""
    return _names("first-names") | NICKNAMES


@cache
def last_names() -> frozenset[str]:
    """Lowercase family names from every Faker locale."""
    return _names("last-names")


def _names(kind: str) -> frozenset[str]:
    """A name list read from Faker's locales once, then from a cache file."""
    return _cached(kind, lambda: _names_from_faker(_NAME_ATTRIBUTES[kind]))


def _cached(kind: str, read: Callable[[], frozenset[str]]) -> frozenset[str]:
    """A word list `read` from Faker once, then from a cache file."""
    cached = _names_cache(kind)
    try:
        return frozenset(cached.read_text(encoding="utf-8").split())
    except OSError:
        pass
    names = read()
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text("\n".join(sorted(names)), encoding="utf-8")
        partial.replace(cached)
    except OSError:
        pass   # a read-only home: read the locales each time
    return names


def _names_from_faker(attributes: tuple[str, ...]) -> frozenset[str]:
    import faker.providers.person as people

    names: set[str] = set()
    for module in pkgutil.iter_modules(people.__path__):
        provider = getattr(importlib.import_module(f"{people.__name__}.{module.name}"),
                           "Provider", None)
        if provider is None:
            continue
        for attr in attributes:
            value = next((k.__dict__[attr] for k in provider.__mro__ if attr in k.__dict__),
                         None)
            if isinstance(value, dict):
                value = list(value)
            if isinstance(value, (list, tuple)):
                names.update(n.lower() for n in value
                             if isinstance(n, str) and n.isascii() and n.isalpha()
                             and len(n) >= 3)
    return frozenset(names)


CLINICAL = (
    r"depress\w*|anxi(?:ety|ous)|panic(?:\s+attacks?|\s+disorder)?|c-?ptsd|ptsd|adhd|"
    r"asd|autis(?:m|tic)|asperger'?s?|bipolar|schizo\w*|psychos[ie]s|psychotic|ocd|ocpd|"
    r"anorexi[ac]|bulimi[ac]|binge(?:[\s-]eating)?|purg(?:e|ing)|restrict(?:ing)|"
    r"eating\s+disorder|ed\s+behaviors?|arfid|borderline|bpd|personality\s+disorder|"
    r"suicid\w*|si\b|self[\s-]?harm\w*|cutting|cuts|cut|died|passed\s+away|"
    r"self[\s-]injur\w*|overdos\w*|od'?d|"
    r"substance\s+(?:use|abuse)|addict\w*|alcohol\w*|sober|sobriety|relaps\w*|"
    r"oppositional|dmdd|conduct\s+disorder|dementia|dyslexi[ac]|tourette'?s?|tics?|"
    r"gad|mdd|major\s+depressive|gender\s+dysphoria|dysphoria|trauma(?:tized)?|grief|"
    r"grieving|insomnia|nightmares?|flashbacks?|dissociat\w*|hallucinat\w*|voices|"
    r"mutism|selective\s+mutism|enuresis|encopresis|school\s+refus\w*|tantrums?|"
    r"melt\s?downs?|postpartum|ppd|fas|fasd|tbi|concussion|epilep\w*|seizures?|"
    r"diabet\w*|cancer|chemo|pregnan\w*|miscarriage|hiv|std|sti|can'?t\s+sleep|"
    r"not\s+sleeping|won'?t\s+eat|not\s+eating|bully\w*|bullied|withdrawn|isolating|"
    r"missed\s+\d+\s+days|skipping\s+school|truan\w*|mood\s+swings|outbursts?|"
    r"aggressi\w*|violent|drinking|drunk|(?:got|getting|was|were)\s+high|vaping|weed|"
    r"smoking|using\s+again|"
    r"attempt(?:ed)?|ideation|wants\s+to\s+die|hurt\s+(?:him|her|them)self|trich\w*|"
    r"skin\s+picking|disabilit\w*|disabled|mitzvah\s+incident|incident|struggling|"
    r"lost\s+\d+\s*(?:lbs|pounds|kg)|weight\s+loss|bmi|ua|positive\s+ua|thc|opioids?|"
    r"heroin|fentanyl|meth|cocaine|gun|weapon|threat\w*|runaway|ran\s+away|runs\s+away|"
    r"bed-?wetting|wetting\s+the\s+bed|bruis\w*|touching|night\s+terrors|stillbirth|"
    r"dui|dwi|labs|allerg\w*|feeding\s+tube|hospital\s+stay|k10|phq-?9|gad-?7|"
    r"detention|failing\s+grades|"
    r"pregnant|divorc\w*|affair|infidelity|miscarr\w*|infertil\w*|ivf|"
    r"coming\s+out|wetting|soiling|stealing|lying|fighting|"
    r"expelled|failing|dropped\s+out|homeless\w*|evict\w*|unemploy\w*|laid\s+off|"
    r"fired|debt|bankrupt\w*|died|death|funeral|widow\w*|terminal|"
    r"diagnos\w*|dx|symptoms?|sx|hx|rx|meltdown\w*|panic|crisis|911|cannabis|marijuana|"
    r"exclusion|excluded|observation\s+notes?|care\s+plan|off\s+the\s+unit|heart\s+stuff|"
    r"seizure\w*|faint\w*|failure\s+to\s+thrive|investigation|skipping\s+\w+|"
    r"missed\s+\d+|post-?natal|still\s+using|mostly\s+clean|medical\s+leave|sick\s+leave"
)
MEDICATIONS = words("""
    zoloft sertraline prozac fluoxetine lexapro escitalopram celexa citalopram paxil
    paroxetine wellbutrin bupropion effexor venlafaxine cymbalta duloxetine trazodone
    concerta ritalin methylphenidate adderall vyvanse focalin strattera atomoxetine
    guanfacine intuniv clonidine kapvay qelbree risperdal risperidone abilify aripiprazole
    seroquel quetiapine zyprexa olanzapine lithium lamictal lamotrigine depakote
    tegretol xanax alprazolam ativan lorazepam klonopin clonazepam valium hydroxyzine
    buspirone buspar propranolol prazosin melatonin naltrexone suboxone methadone
    vivitrol antabuse spravato ketamine
""")
# Kinds of medication, a topic as often as a person's prescription ("teens on SSRIs").
MEDICATION_CLASSES = words("""
    ssri ssris snri stimulant stimulants antidepressant antidepressants antipsychotic
    antipsychotics meds rx prescription prescriptions dose dosage titrate titrating mg
    benzo benzos
""")
MEDICATIONS |= MEDICATION_CLASSES
CARE_SETTINGS = (
    r"inpatient|outpatient\s+program|iop|php|residential|psych\s+ward|psych\s+unit|"
    r"psych\s+hold|hospitali[sz]\w*|admitted|admission|discharg\w*|er\b|ed\s+visit|"
    r"a&e|5150|baker\s+act|crisis\s+(?:unit|center|stabili[sz]ation)|step(?:ped)?\s+down|"
    r"rehab|detox|treatment\s+center|sectioned|sectioning|involuntary|committed\s+to|"
    r"psych\s+eval|safety\s+plan|safety\s+planning|welfare\s+check|med\s+checks?|"
    r"meds?\s+reviews?|medication\s+reviews?|urine\s+screens?|drug\s+screens?|bloods"
)
LEGAL = (
    r"cps|dcfs|dcf|dss|acs|child\s+protective|social\s+services|social\s+worker\s+case|"
    r"custody|court|courts|judge\s+ordered|court[\s-]ordered|probation|parole|juvie|"
    r"juvenile|detention|gal|guardian\s+ad\s+litem|restraining\s+order|protective\s+order|"
    r"foster|adoption|adopted|removal|placement|abuse|abused|neglect|assault\w*|"
    r"molest\w*|rape|dv|domestic\s+violence|arrest\w*|charges|ehcp|iep|504|"
    r"expel\w*|expulsion|suspen\w*"
)
RELATIVES = words("""
    son daughter child kid kiddo boy girl baby toddler infant teen teenager stepson
    stepdaughter stepkid mom mum mother dad father parent parents stepmom stepdad husband
    wife partner boyfriend girlfriend ex brother sister sibling siblings twins twin
    grandson granddaughter grandma grandpa grandmother grandfather aunt uncle nephew niece
    cousin fiance fiancee widow widower
""")
ROLES = words("""
    dr doc doctor pastor rev reverend fr father rabbi imam cantor sister brother bishop deacon
    chaplain elder minister principal vp coach nurse np pa rn lpn cna counselor counsellor
    teacher judge officer prof professor dean mayor chief captain superintendent director
    coordinator manager sheriff detective sgt lt md do phd psyd lcsw lpc lmft lmhc msw
    ot pt slp bcba sr sra midwife doula consultant ceo cfo owner
    chair president rep senator councilman councilwoman commissioner trustee sensei
    receptionist secretary admin librarian advisor adviser nutritionist dietitian
    scheduler assistant planner recruiter organizer chaplain
    psychologist psychiatrist pediatrician therapist clinician social worker chw
    host attorney atty lawyer mediator capt pastora padre lead educator navigator
    paralegal clerk registrar headteacher trainer
""")
ORG_WORDS = words("""
    clinic clinics center centre hospital hospitals medical medicine health healthcare
    pediatrics paediatrics pediatric peds practice group associates school schools
    elementary middle high academy college university district church temple synagogue
    mosque parish ministry ministries club chamber commerce library foundation society
    association council department dept office services service agency institute program
    network alliance partners partnership coalition community county city town village
    rotary lions kiwanis hall house home homes care counseling counselling therapy
    wellness pharmacy dental dentistry urgent primary team staff board committee court
    station police fire inc llc corp co company podcast radio news times magazine place
    shelter hope haven ymca ywca surgery gp nhs trust camhs unit ward programme
    family families physicians pllc pc ltd pta pto
""")
# What a person has that only a client would: "Carter's ASQ results", "Esme's ROI".
POSSESSIONS = words("""
    arrest arrests bail hospitalization hospitalisation termination eeg mri labs bloodwork
    taper intake placement progress scores symptoms sx oncologist neurologist cardiologist
    teacher teachers school schools mom mum dad mother father parents parent foster
    caseworker case file chart records record forms form paperwork release roi consent
    results scores report reports grades behavior behaviour sleep meds medication medications rx
    cert certs certificate certificates slot slots
    prescription dose dx diagnosis diagnoses eval evaluation assessment testing tests
    session sessions appt appointment appointments therapy therapist psychiatrist
    pediatrician ped peds pcp gp doctor doctors dr nurse counselor counsellor iep 504 ehcp
    plan plans discharge admission referral insurance claim birthday dob address number
    phone cell email attendance absences absence suspension detention probation court
    custody hearing judge lawyer attorney gal guardian social worker sw siblings brother
    sister son daughter stepdad stepmom grandma grandpa aunt uncle
    coach coaches weight eating drinking drug drugs vaping
    cutting panic anxiety depression adhd autism ptsd ocd symptoms progress notes
    mood moods meltdowns tantrums nightmares flashbacks grief treatment care mental
    physical grade homework intake packet date labs bloodwork diet disability
    pedi psych psychologist oncologist neurologist cardiologist obgyn ob midwife surgeon
    specialist provider prescriber pharmacy a1c eeg mri scan biopsy surgery pregnancy
    ivf tics seizures seizure tx hx sx pkt copay bill invoice balance case caseload
    meltdown relapse recovery sobriety rehab detox hospitalization stay labs
    results asq scales rating ratings letter letters fax update summary history medicaid
    card insurance screening bloods bloodwork scan scans consent paperwork progress
""")
VENUE_WORDS = words("diner cafe café kitchen bakery pantry closet place house haven home bar "
                    "grill")
# A child client's carers: "Mo's mom" is a client's parent, "Dr. Kim's husband" is not.
CARERS = words("""
    mom mum mother dad father parents parent stepmom stepdad stepmother stepfather grandma
    grandpa grandmother grandfather foster guardian caseworker
""")
# What a professional has: "Tanya's team", "Marcus's clinic manager", "Deb's nurses".
WORK_POSSESSIONS = words("""
    team clinic practice nurses staff office assistant replacement cover manager program
    congregation church patients clients caseload group business studio company agency
    food pantry bank ministry firm department unit
    residents waitlist waiting referrals extension
    talk talks webinar workshop presentation rounds handout handouts podcast slides booth
    newsletter article seminar panel class training in-service lunch breakfast night series
    post blog video flyer flyers deck event events table fair bios blurb blurbs
    headshot reminder partnership
""")
BUSINESS_EMAIL_WORDS = ("counsel", "therap", "psych", "clinic", "practice", "tutor", "health",
                        "wellness", "center", "info", "office", "admin", "church", "school",
                        "peds", "family", "care", "services", "group", "ministry", "coach")
ABBREVIATIONS = words("mr mrs ms mx dr st mt fr rev prof sr jr vs etc no")
HONORIFICS = words("mr mrs ms mx miss mx sgt")
# Words near a first name that say the person is a professional or a colleague.
PROFESSIONAL_CONTEXT = words("""
    coordinator receptionist nurse np pa rn midwife doula director manager admin office
    desk referrals referral intake scheduler scheduling colleague coworker intern
    supervisor principal counselor counsellor teacher coach pastor chaplain rep
    representative liaison librarian secretary hr recruiter organizer organiser host
    speaker panelist facilitator captain chair president owner founder ceo dr md phd
    lcsw lpc lmft psychologist psychiatrist pediatrician therapist clinician dietitian
    nutritionist ot pt slp bcba sw worker advocate consultant partner staff team front
    scheduler assistant planner
""")
# Words after a clinical term that make it a topic or an audience ("ADHD workshop").
TOPIC_NOUNS = words("""
    talk talks workshop workshops webinar webinars seminar seminars presentation
    presentations training trainings group groups program programs programme resources
    resource awareness support services service clinic clinics class classes course courses
    series panel event events fair toolkit handout handouts flyer flyers brochure brochures
    info information education lecture lectures curriculum specialist specialists practice
    practices team teams network coalition association foundation center centre unit
    referrals referral expertise experts book books podcast episode article newsletter
    office offices coordinator process line form forms staff department desk director
    manager screening screenings prevention parenting parents families providers
    program's 101 basics signs tips skills summit conference booth gala ministry
    population populations clients patients kids teens students adults caregivers
    waitlist intake niche protocol protocols policy response living house home homes q&a
    housing residence meeting meetings recovery prevention lunch-and-learn l&l lunch shelter
    in-service inservice q&a
""")
# Common shorthands that look like initials but are not a person.
ACRONYMS = words("""
    pta pto iop php dbt cbt act emdr tf-cbt pcit ot pt slp aba bcba gp pcp np pa rn md do
    er ed ehr nhs ceo hr ea usa us uk nyc la sf dc ny ca tx fl il nj ma wa or
    am pm fyi asap eod eow tbd na aa al-anon ymca ywca lgbtq lgbt bipoc ptsd adhd add
    ocd gad mdd asd bpd odd iep sst mtss rti sel fmla eap cme ceu ceus l&l q&a faq
    ama apa nami nasw aca aamft samhsa cdc nih va vfw bni pr seo crm
    sped pe sat ap ib k-12 k12 ms hs es jv ok tv cv id rsvp dv ob gyn it ai ux ui
    eu ip ss ga sw vp qr hq hiv ems cna lvn mft lpc ba bs mba edd sro
    fqhc cmhc csb bhc ccbhc nicu picu icu pacu snf alf ltc hoa bgc dm
    wic cps dcfs dss dhs ssi ssdi roi sud mat phq epds aces ace cle ce cpd cmes rbt
    ent gi ob-gyn obgyn ems ff pd fd cpt hipaa ehr emr rsvp pdf ppt q1 q2 q3 q4 kpi crm
    abc nbc cbs npr bbc pbs ted dei erg ngo esl ell gp gps nhs camhs cahms iapt sen senco
    sendco ehcp gcse uni tafe lgbtqia mops mom moms bni ama vfw dav afb nfl nba mlb ncaa
""")
# Capitalised words that are never a person.
KNOWN_CAPITALS = words("""
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december christmas thanksgiving
    easter hanukkah ramadan diwali passover halloween zoom teams slack google facebook
    instagram linkedin tiktok youtube canva eventbrite gmail outlook spanish english
    french american african asian latino latina latinx hispanic black white native
    catholic lutheran methodist baptist presbyterian episcopal jewish muslim christian
    north south east west northern southern eastern western main street avenue road
    spring summer fall autumn winter mental health awareness month week day holidays
    i i'm i'll i've ok thanks re fyi tbd st ave rd blvd ln dr hwy pkwy ct apt ste
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat
    sun tmrw tomorrow today tonight yesterday next last this
""")

@cache
def english_words() -> frozenset[str]:
    """Everyday English words (Faker's English word list plus the domain's own), so that
    "can", "lot" or "cord" are never read as someone's name when written in lowercase."""
    own = set(TOPIC_NOUNS | ORG_WORDS | ROLES | RELATIVES | POSSESSIONS | MEDICATIONS)
    return _cached("english-words", _lorem_words) | own | COMMON_WORDS | words("""
        can cord lot uni bring kit pack card cards note notes lunch coffee talk visit call
        send drop stop pick set get got put let way day days time times week weeks plan
        plans add log done mail flyer flyers table booth hall fern moon snow sam bob
        is am are was were oh ah ep eps post posts live went sent
        """)


def _lorem_words() -> frozenset[str]:
    from faker.providers.lorem.en_US import Provider as Lorem

    return frozenset(w.lower() for w in Lorem.word_list)
