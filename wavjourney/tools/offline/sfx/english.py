"""A compact list of common English words the matcher must never "correct" as typos.

The fuzzy typo-correction in `matcher` only considers a token that is neither a catalogue or
modifier word nor one of these words (nor shares its stem with one): "ship", "static",
"crack", "rocks", "placed" are ordinary English, not misspellings of "swipe", "station",
"crackle", "tock" or "plan". The list holds the most frequent English words plus the
vocabulary scene and sound descriptions are written in (places, materials, objects, actions,
qualities); every word of the matcher's own synonym tables is added to it at load time.
"""

from __future__ import annotations

COMMON_WORDS_TEXT = """
a about above across act action actually add after afternoon again against age ago agree ahead
air all allow almost alone along already also although always am among amount an and animal
another answer any anyone anything appear apply approach area arm around arrive art as ask at
attack audience author available avoid away baby back bad bag ball bank bar base be bear beat
beautiful because become bed been before begin behind believe below best better between beyond
big bill bit black blood blue board boat body book born both box boy break bring brother build
building business but buy by call camera campaign can cancer candidate capital car card care
career carry case catch cause cell center central century certain certainly chair challenge
chance change character charge check child choice choose church citizen city civil claim class
clear clearly close coach cold collection college color come commercial common community
company compare computer concern condition conference congress consider consumer contain
continue control cost could country couple course court cover create crime cultural culture cup
current customer cut dark data daughter day dead deal death debate decade decide decision deep
defense degree describe design despite detail determine develop development die difference
different difficult dinner direction director discover discuss discussion disease do doctor dog
door down draw dream drive drop drug during each early east easy eat economic economy edge
education effect effort eight either election else employee end energy enjoy enough enter entire
environment especially establish even evening event ever every everybody everyone everything
evidence exactly example executive exist expect experience expert explain eye face fact factor
fail fall family far fast father fear federal feel feeling few field fight figure fill film final
finally financial find fine finger finish fire firm first fish five floor fly focus follow food
foot for force foreign forget form former forward four free friend from front full fund future
game garden gas general generation get girl give glass go goal good government great green
ground group grow growth guess gun guy hair half hand hang happen happy hard have he head health
hear heart heat heavy help her here herself high him himself his history hit hold home hope
hospital hot hotel hour house how however huge human hundred husband i idea identify if image
imagine impact important improve in include including increase indeed indicate individual
industry information inside instead institution interest interesting international interview
into investment involve issue it item its itself job join just keep key kid kill kind kitchen
know knowledge land language large last late later laugh law lawyer lay lead leader learn least
leave left leg legal less let letter level lie life light like likely line list listen little
live local long look lose loss lot love low machine magazine main maintain major majority make
man manage management manager many market marriage material matter may maybe me mean measure
media medical meet meeting member memory mention message method middle might military million
mind minute miss mission model modern moment money month more morning most mother mouth move
movement movie mr mrs much music must my myself name nation national natural nature near nearly
necessary need network never new news newspaper next nice night no none nor north not note
nothing notice now number occur of off offer office officer official often oh oil ok old on once
one only onto open operation opportunity option or order organization other others our out
outside over own owner page pain painting paper parent part participant particular particularly
partner party pass past patient pattern pay peace people per perform performance perhaps period
person personal phone physical pick picture piece place plan plant play player pm point police
policy political politics poor popular population position positive possible power practice
prepare present president pressure pretty prevent price private probably problem process produce
product production professional professor program project property protect prove provide public
pull purpose push put quality question quickly quite race radio raise range rate rather reach
read ready real reality realize really reason receive recent recently recognize record red reduce
reflect region relate relationship religious remain remember remove report represent republican
require research resource respond response responsibility rest result return reveal rich right
rise risk road rock role room rule run safe same save say scene school science scientist score
sea season seat second section security see seek seem sell send senior sense series serious serve
service set seven several sex sexual shake share she shoot short shot should shoulder show side
sign significant similar simple simply since sing single sister sit site situation six size skill
skin small smile so social society soldier some somebody someone something sometimes son song
soon sort sound source south southern space speak special specific speech spend sport spring staff
stage stand standard star start state statement station stay step still stock stop store story
strategy street strong structure student study stuff style subject success successful such
suddenly suffer suggest summer support sure surface system table take talk task tax teach teacher
team technology television tell ten tend term test than thank that the their them themselves then
theory there these they thing think third this those though thought thousand threat three through
throughout throw thus time to today together tonight too top total tough toward town trade
traditional training travel treat treatment tree trial trip trouble true truth try turn tv two
type under understand unit until up upon us use usually value various very victim view violence
visit voice vote wait walk wall want war watch water way we weapon wear week weight well west
western what whatever when where whether which while white who whole whom whose why wide wife
will win wind window wish with within without woman wonder word work worker world worry would
write writer wrong yard yeah year yes yet you young your yourself

able absolutely accept accident according account achieve acid actor add address admit adult
advance advice afraid afterward agent alarm alive allowed angle angry animals ankle annoy apple
arch argue army arrange arrival arrow ashes aside asleep attach attempt attention aunt autumn
avenue awake award aware awful background backyard bad badly bake baker bakery balcony bare
barely barn barrel basement basket bath bathroom battle bay beach beam bean beard bedroom bee beer
beginning behave belly belong belt bench bend beneath berry beside bet bicycle bike bird birth
bite bitter blade blame blank blanket blind block blow board boil bold bolt bone boot border
bored borrow boss bottle bottom bounce bowl brain branch brave bread breakfast breath breeze brick
bridge brief bright brilliant broad brush bucket buddy bug bunch burn burst bury bus bush busy
butter button cabin cable cage cake calm camp candle candy cap captain carpet cart castle cave
ceiling celebrate chain chalk champion channel chapter charm chase cheap cheek cheese chef chest
chicken chief chin chip chocolate chop circle clean clerk cliff climb clock cloth clothes cloud
club coast coat coffee coin collar collect comfort comfortable command complete concert confirm
connect content contest cook cool copper copy cord corn corner cottage cotton couch count counter
courage cousin cow crack craft crash crawl crazy cream crew crisp crop cross crowd crown cruel
crush cry cupboard curious curtain curve cushion custom cycle dad damp dance danger dangerous dare
dash dawn daylight dead deaf dear deck deep deer delicate deliver den dense desert desk dessert
diamond dig dim dining dinner dip dirt dirty disappear dish distance dive dizzy dock doll dollar
dot double dozen drag dragon drain drawer dress drift drill drink drum dry duck dull dust duty
eager ear earth ease echo egg elbow electric elephant elevator empty enemy engine escape estate
evil exact excited exciting exit expensive explore extra fabric fade faint fair fairly faith
fake false fame fancy farm farmer fat fault favorite feather feed fellow fence festival fever
fierce file finger flag flash flat flesh flight flip float flood flour flower fluid fog fold folk
fool forest fork fort fortune fountain fox frame fresh fridge fridge frost fruit fuel fun funny
fur furniture gap garage gate gather gentle ghost giant gift glad glance glow glue god gold golden
grab grace grain grand grandmother grandfather grape grass grave gray grey grin grip grocery
guard guest guide guitar gulf habit hall hallway hammer handle harbor harbour harsh hat hay
hello helmet hero hide hill hint hip hole holiday hollow honey hook horizon horror hotel hungry
hunt hurry hurt ice idle ill inch ink insect iron island jacket jar jaw jazz jeans jewel joke
journey joy judge juice jump jungle junk kettle kick kid kiss kit knee knife knot ladder lady
lake lamp lane lap laser lawn layer lazy leaf lean leather lecture lemon lens lesson lever library
lid lift limb limit lip liquid lizard load loaf lobby lock lonely loose lord loud lounge lovely
luck lunch lung mad magic mail map marble march mark mask mass mat match meal meat melody melt
metal mid midnight mild milk mill mirror mist mix mixed moon mop motor mountain mouse mud mug
museum mystery nail narrow nasty navy neat neck needle neighbor neighbour nest net noble nod noise
noon nose novel nurse nut oak ocean odd offer onion opera orange organ oven pack package pad pain
paint pair palace pale palm pan pants parade park passage path pause paw peak pen pencil pepper
perfect pet piano pick pie pig pile pillow pilot pin pine pink pipe pit pitch pizza plain plane
planet plastic plate platform plenty pocket poem poet poison pole polish pond pool porch port pot
potato pour powder pray prize proud pump pupil puppet purple purse puzzle queen quick quiet quilt
rabbit rack rag rail rainbow ranch rapid rare rat raw razor rear reef relax rent repair reply
rescue ribbon rice ride ring ripe ripple rise river roar robot rocket rocks roll roof rope rose
rough round route row royal rub rubber rug ruin rush rust sack sad saddle sail sailor salad salt
sand sandwich sauce saucer scale scar scarf scatter scream screen screw sea seal search seed shade
shadow shake shallow shape sharp shed sheep sheet shelf shell shelter shield shine shiny ship shirt
shock shoe shop shore shoulder shout shovel shower shut shy sick silk silver sink sip skate ski
skull sky slice slide slight slip slope smart smell smoke smooth snack snake sneak snow soap sock
sofa soft soil soldier solid soul soup sour spare spark speaker spider spin spine spirit splash
spoon spot spray spread square squeeze stable stack stadium stair stairs stamp steady steal steam
steel steep stick sticky stiff stir stomach stone stool storm stove straight strange straw stream
stretch strike string strip stripe stroke stuck sugar suit sun sunny sunset supper surprise swamp
sweat sweep sweet swim swing sword tail tank tap tape taste tea tear teeth temple tender tent
terrible thick thin thirsty thread throat thumb ticket tide tidy tie tiger tight tile tiny tip
tired toast toe toilet tomato tone tongue tool tooth torch tower toy track tractor trail train
trap tray treasure trick truck trunk tube tunnel turtle twin twist ugly umbrella uncle uniform
upper upstairs downstairs vacation valley van vase vast velvet vessel village violin volume wagon
waist wake wallet wander warm warn wash waste wave wax weak wealth weather web wedding wet whale
wheat wheel whip whisper wild willow wing winter wire wise witch wolf wooden wool worm wrap wrist
yell yellow zone

absent abrupt accelerate acoustic actual ahead airy alley ambient ambulance ancient antique
approaching arena arriving ascending atmosphere attic audible balanced bang barge bass beautiful
beeping behind below bleak blend blurred booming boxes brass brassy breathy brisk brittle broken
bubbly bumpy buzz buzzing cabinet calming canal canyon capsule carefully cargo carriage casual
cathedral cavern ceramic cheerful chilly chunky cinematic classroom clatter clean clear clinic
clunk clunky coarse cobble cold colorful compact constant continuous corridor countryside cozy
cosy crackly creamy crew crisp crowded crunchy crystal cupboard damp dark deck deep delicate dense
descending diesel dim dinner distinct distorted docks dramatic dreamy droning dry dull dusk dusty
eerie electric elegant empty endless engine entrance epic erratic evening exterior faded fading
familiar festive field filtered firm fizzy flowing fluttering foggy forceful fragile freezing
friendly frightening fuzzy gentle ghostly glassy gloomy grainy gritty gravelly growing grumbling
gusty hall hammering harbor hard harsh hazy hollow hopeful humid icy idle immersive industrial
intermittent irregular jolly laboratory lakeside large layered lazy lighthouse lingering lively
lobby lonely loose low lush majestic mechanical mellow melodic messy metallic midday mild misty
moderate moist moody mournful muddy murky narrow natural nervous nostalgic occasional ominous
organic overhead panic passing pastoral peaceful pier pleasant plunk poolside port pounding
powerful prolonged pulsing quaint quiet railing rattle rattling reception regular relaxing remote
resonant rhythmic rich ringing rising rocky rolling rough rowdy rugged rumble rural rustic sandy
scary scattered scratchy serene shaky sharp shimmering shrill silent silly sleepy slight slippery
sloppy slow smoky smooth snappy soft soggy solemn solid soothing sparse spooky sporadic stable
stale steady steamy steep stormy stuffy subtle sudden sunny suspense sustained swampy swelling
tense thick thin thunderous tight tinny tiny tranquil tropical turbulent uneven urban vast
village vintage warm watery weak weathered whimsical wide wild windy wintry wooded woody

abandon absorb accompany adjust aim alert announce appear approach arise assemble attach awaken
balance bark bathe beg blink bloom blur boil borrow bounce bow breathe brew brush bump burst buzz
calm carve chase chew chirp chuckle clang clap clash clatter clean clench climb cling clink clip
clutch collapse collide crack crackle crash crawl creep crumble crunch dangle dash deliver descend
dig dim dip drag drain drift drip drizzle drown echo emerge erupt fade fasten fetch flap flee
flick flicker flip float flood flow fling flutter fold fry fumble gallop gasp gaze giggle glide
glimmer grind groan growl grumble grunt guide gulp halt hammer hiss hover howl hum hurl hurry
hush jingle jog juggle knock launch leak lean leap lick linger lock lurch march melt moan
mumble murmur nibble nod open pace paddle pant pat patter peel peek pluck plunge poke pop pounce
pour pound pray press prowl puff pull pulse punch purr race rattle reach rest ring rip rise roar
rock roll rotate rub rumble rush rustle sag scamper scatter scrape scratch scream scribble scurry
settle shake shatter shift shiver shove shriek shrug shuffle sigh sip sizzle skid skip slam slap
slide slip slosh slurp smash sneeze snap sniff snore snort soar sob spill spin splash splutter
spray sprint squeak squeal squeeze stack stagger stamp stare steer stir stomp stroll strum stumble
sway sweep swing swirl swoop tap tear thud thump tick tickle tilt tinkle tip toss tremble trickle
trip trot tug tumble twirl twitch unlock vibrate wade wail wander wave weave wheeze whimper whine
whirl whisper whistle wiggle wince wipe wobble yawn yell yelp zip

beta bride cache cast clamp compute fit fitting halfway plus tried tries trying

also anyway around else enough ever maybe nearly often quite rather seldom since soon still
though thus twice almost already always barely briefly constantly faintly finally firmly gently
gradually heavily lightly loudly mostly nearby occasionally overhead quickly quietly rapidly
rarely repeatedly sharply slightly slowly softly steadily suddenly swiftly tightly
"""

COMMON_WORDS: frozenset[str] = frozenset(COMMON_WORDS_TEXT.split())
