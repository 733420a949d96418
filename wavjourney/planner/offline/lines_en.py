"""English line banks of the offline planner (data).

Each bank has sections: ``open`` (all used, in order), ``middle`` (drawn in a seeded order
until the length is reached), ``turn`` (one group, placed past the middle), ``close`` (all
used) and ``intro`` (one line for each group member the opening did not voice).

A line is ``"ROLE: text"``, optionally preceded by ``[cue]`` (a sound effect from
`palettes.CUES` played just before it). Roles: ``N`` the lead (narrator, anchor), ``A`` the
first group member, ``B`` the next other member (rotating), ``*`` every member in turn.
Slots: {topic} {Topic} {key} {place} {A} {B} {self} {other} {lead} {show} {brand} {num}
{time} {day} {team1} {team2}.
"""

from __future__ import annotations

BANKS: dict[str, dict[str, tuple[str, ...]]] = {
    "story": {
        "open": (
            "N: This is a story about {topic}.",
            "N: It begins in {place}, on an ordinary {day}, with {A} and {B}.",
            "A: {B}, have you heard the news about {key}?",
        ),
        "middle": (
            "B: Everyone in {place} is talking about {key}, {A}.",
            "A: I keep thinking about {topic}. I can't let it go.",
            "N: {A} walked slowly across {place}, thinking about {key}.",
            "B: If we are going to do this, {A}, we do it together.",
            "A: Do you remember what happened {time}? It started with {key}.",
            "[footsteps] B: Someone is coming. Quick, over here by {place}.",
            "N: For a moment, nobody in {place} said a word.",
            "A: We have {num} hours, {B}. That's all we have.",
            "B: Then let's not waste them talking about {key}.",
            "N: Outside, {place} grew quiet, as if it were listening too.",
            "A: Tell me the truth about {key}, {B}. All of it.",
            "B: The truth is simple: without {key}, none of us would be here.",
        ),
        "turn": (
            "[knock] A: Someone's at the door. At this hour?",
            "B: It's about {key}. I can feel it.",
            "N: And in that moment, everything {A} believed about {key} changed.",
        ),
        "close": (
            "A: Whatever happens next, {B}, I'm glad it was you.",
            "N: And so ends our story of {topic}.",
        ),
        "intro": ("*: I'm {self}. I was in {place} when it happened.",
                  "*: {self}. I've known {A} since we were children.",
                  "*: And I'm {self}. Somebody has to keep you two out of trouble."),
    },
    "horror": {
        "open": (
            "N: Nobody goes to {place} after dark. Not since {topic}.",
            "[creak] A: {B}, did you hear that? The door just opened by itself.",
            "B: It's only the wind, {A}. It has to be.",
        ),
        "middle": (
            "A: The lights in {place} went out {num} minutes ago. They haven't come back.",
            "B: Stay close to me. Don't let go of my hand.",
            "N: Somewhere deep in {place}, something began to move.",
            "[footsteps] A: There are footsteps upstairs. We're the only ones here, {B}.",
            "B: The stories about {key} are just stories. Aren't they?",
            "A: The last people who came here looking for {key} never left.",
            "N: The air in {place} turned cold, colder than a grave.",
            "[heartbeat] B: I can hear my own heart, {A}. It's so loud.",
            "A: Whatever is in {place}, it knows we're here.",
            "B: Write this down, {A}: {day}, {time}, we found the room with {key}.",
            "N: The walls seemed to breathe, slowly, in and out.",
            "A: Don't look at the mirror, {B}. Whatever you do, don't look.",
        ),
        "turn": (
            "[slam] B: The door! It locked behind us!",
            "A: It's not trying to keep us out of {place}. It's trying to keep us in.",
        ),
        "close": (
            "B: Run, {A}! Don't look back!",
            "N: They say that on quiet nights, you can still hear them in {place}.",
        ),
        "intro": ("*: It's {self}. I came because of {key}, and I wish I hadn't.",),
    },
    "comedy": {
        "open": (
            "N: Today's tale of woe and mild embarrassment concerns {topic}.",
            "A: {B}, I have a brilliant plan involving {key}.",
            "B: Your last brilliant plan set fire to {place}, {A}.",
        ),
        "middle": (
            "A: That was a learning experience. I learned that {key} is flammable.",
            "B: Step one of your plan had better not be buying more {key}.",
            "[laugh] A: Step one is buying {num} more {key}. Wholesale.",
            "N: It was, by any measure, not a brilliant plan.",
            "B: Why is there a goat in {place}, {A}?",
            "A: The goat is part of phase two. Don't ask about phase two.",
            "B: I am going to ask about phase two.",
            "N: {B} asked about phase two. {B} regretted asking about phase two.",
            "A: Trust me, {B}. Nothing can possibly go wrong with {key}.",
            "B: You said that {time}, and I still have the eyebrows to prove it.",
            "[glass] A: That was supposed to happen. Mostly.",
            "B: I'm writing a list of things that were supposed to happen. It's very short.",
        ),
        "turn": (
            "[doorbell] A: That'll be the goat's lawyer.",
            "B: The goat has a lawyer?! About {key}?",
        ),
        "close": (
            "A: So, all things considered, a success?",
            "N: It was not a success. But {place} will never forget {topic}.",
        ),
        "intro": ("*: Hi, I'm {self}. I'm only here for the snacks and the {key}.",),
    },
    "romance": {
        "open": (
            "N: A story of two hearts and {topic}.",
            "A: I'm really glad you said yes to tonight, {B}.",
            "B: Me too, {A}. I almost didn't come, but I'm happy I did.",
        ),
        "middle": (
            "A: Tell me something nobody else knows about you, {B}.",
            "B: When I was a kid, I wanted to live in {place} forever.",
            "N: Around them, {place} seemed to soften, and the world slowed down.",
            "A: You have a lovely laugh, {B}, you know.",
            "B: You keep making me use it, {A}.",
            "A: Do you remember {time}? The day of {key}?",
            "B: How could I forget, {A}? You were soaked, and you were smiling.",
            "N: Neither of them noticed how late it was getting in {place}.",
            "A: I wrote you a letter about {key}, {B}. I never sent it.",
            "B: Read it to me now, {A}. Please.",
            "A: It says I've been a fool for {num} years, and I'm done being a fool.",
            "B: I think that's the nicest thing anyone's said to me in {place}.",
        ),
        "turn": (
            "B: {A}, I have to tell you something. I'm leaving on {day}.",
            "A: Then let me come with you, {B}. Wherever it is.",
        ),
        "close": (
            "B: Shall we stay in {place} a little longer, {A}?",
            "N: And in {place}, a story about {key} quietly became a love story.",
        ),
        "intro": ("*: I'm {self}, their oldest friend, and I saw this coming a mile off.",),
    },
    "mystery": {
        "open": (
            "N: The case began with {topic}.",
            "A: Nobody leaves {place} until I know what happened to {key}.",
            "B: You can't keep us here all night, detective.",
        ),
        "middle": (
            "A: Where were you at {time}, {B}?",
            "B: In {place}, alone. I swear I didn't see anything.",
            "N: The clock on the wall read ten past eleven. Someone was lying.",
            "A: Then why were your fingerprints on {key}?",
            "B: Everybody touched it! It was passed around all evening.",
            "A: {num} people were in {place} last night. {num} stories. Only one is true.",
            "[clock] N: The detective waited. Silence is a patient witness.",
            "B: Ask {other} where they were. Go on, ask.",
            "A: I will. I'm asking everybody about {key}.",
            "B: You think one of us did it, over {key}?",
            "A: I think somebody in {place} is very good at lying.",
            "N: A single clue lay on the floor, small enough to miss.",
        ),
        "turn": (
            "[glass] B: What was that? Something broke in the next room!",
            "A: Nobody move. The answer to {key} was in this room all along.",
        ),
        "close": (
            "A: You made one mistake, {B}. You knew about {key} before I told you.",
            "N: And so the mystery of {topic} was solved.",
        ),
        "intro": ("*: I'm {self}. I was in the library, and I have nothing to hide.",
                  "*: {self}. I only came for the dinner, detective.",
                  "*: My name is {self}, and I want a lawyer before I say anything about {key}.",
                  "*: {self}. Ask me anything. I was in the garden all evening.",
                  "*: I'm {self}, the cook. I saw who went upstairs at {time}.",
                  "*: {self} here. I knew the victim for {num} years, and I liked them."),
    },
    "scifi": {
        "open": (
            "N: In the far future, aboard a ship called Meridian: {topic}.",
            "[beep] A: Status report, {B}.",
            "B: All systems nominal, {A}. But the sensors picked up {key}.",
        ),
        "middle": (
            "A: How far are we from {key}?",
            "B: {num} thousand kilometres and closing. Faster than anything we know.",
            "N: The stars beyond the window of {place} stopped moving.",
            "A: Open a channel. If they can hear us, I want to talk.",
            "[static] B: Channel open. Nothing but static. Wait. There's a pattern.",
            "A: Run it through the translator, {B}.",
            "B: It says: we have been waiting for you since {time}.",
            "N: On every screen in {place}, the same symbol began to glow.",
            "A: Log this: {day}, ship time, first contact with {key}.",
            "B: Life support is stable. Reactor at {num} percent.",
            "A: Whatever {key} is, it isn't hostile. Not yet.",
            "[whoosh] B: The airlock just cycled. We didn't open it.",
        ),
        "turn": (
            "[beep] B: Warning: hull breach on deck {num}.",
            "A: Seal the deck. Then get me everything we have on {key}.",
        ),
        "close": (
            "A: Set a course for home, {B}. We have a lot to report.",
            "N: And somewhere among the stars, {topic} was only the beginning.",
        ),
        "intro": ("*: {self} here, from engineering. The readings on {key} make no sense.",),
    },
    "fantasy": {
        "open": (
            "N: Long ago, in a land of mountains and mist, there was {topic}.",
            "A: {B}, the old map shows the way to {key}.",
            "B: Then we leave at dawn, {A}, before the king's riders find us.",
        ),
        "middle": (
            "N: They travelled for {num} days through {place}.",
            "A: The legends say {key} can only be found by someone brave.",
            "B: Or someone foolish. Luckily, we're both.",
            "[magic] A: Look! The stones are glowing, {B}.",
            "B: That's old magic. Older than the kingdom.",
            "N: Above them, a shadow crossed the moon, vast and slow.",
            "A: We made a promise {time}. I intend to keep it.",
            "B: Then hold your sword high, {A}, and don't let go of the map.",
            "[horse] N: Hooves thundered on the road behind them.",
            "A: Riders! Into the trees of {place}, quickly!",
            "B: The wizard said {key} would choose its keeper. What if it chooses wrong?",
            "N: And the wind in {place} whispered a name nobody had spoken in a hundred years.",
        ),
        "turn": (
            "[wind] B: The dragon's awake, {A}. It knows we're here.",
            "A: Then we speak to it. Not every dragon wants a fight.",
        ),
        "close": (
            "A: We found it, {B}. We actually found {key}.",
            "N: And that is how {topic} became a song sung in every hall of the kingdom.",
        ),
        "intro": ("*: I am {self}, keeper of the old road. I know the way to {key}.",),
    },
    "bedtime": {
        "open": (
            "N: Snuggle in, close your eyes, and listen to a story about {topic}.",
            "N: Once upon a time, in {place}, there lived {A}.",
            "A: Hello, {B}. Will you help me? It's about {key}.",
        ),
        "middle": (
            "B: Of course I will, {A}. That's what friends are for.",
            "N: The moon peeked over the hill and smiled down at {place}.",
            "A: Sometimes I feel a little scared, {B}.",
            "B: Everybody feels scared sometimes, {A}. Even the biggest ones.",
            "N: They counted the stars together: one, two, three, and {num} more.",
            "A: What do you think {key} dreams about?",
            "B: I think it dreams about cosy blankets and warm milk.",
            "[owl] N: An owl said hoo, hoo, very softly, so as not to wake anyone.",
            "A: Will you stay with me until I fall asleep?",
            "B: I'll stay right here, {A}. All night long.",
            "N: And the little lights of {place} twinkled, one by one.",
            "A: Thank you for being my friend, {B}.",
        ),
        "turn": (
            "A: Oh! I'm not scared anymore, {B}. Not even of {key}.",
            "N: Because being brave means being a little scared and trying anyway.",
        ),
        "close": (
            "B: Goodnight, {A}. Sweet dreams.",
            "N: And so, {topic} came to a cosy end. Goodnight, little one. Sleep tight.",
        ),
        "intro": ("*: And I'm {self}! I want to help with {key} too!",),
    },
    "news": {
        "open": (
            "N: Good evening. Our top story tonight: {topic}.",
            "N: We go live now to {A}, who is in {place}. {A}, what can you tell us?",
            "A: Thank you, {lead}. I'm here in {place}, where {key} has everyone talking.",
        ),
        "middle": (
            "A: Officials confirmed the news about {key} earlier today.",
            "N: {A}, how are people there reacting?",
            "A: With surprise, mostly. I spoke to {B}, who lives nearby.",
            "B: I've lived here {num} years and I've never seen anything like {key}.",
            "A: Crowds have been gathering in {place} since this morning.",
            "N: And what happens next?",
            "A: A full statement on {key} is expected on {day}.",
            "B: We just want answers about {key}. That's all.",
            "N: Our other headlines tonight: the markets closed slightly higher.",
            "N: And in sport, the local team won {num} to one.",
            "A: Back here, {lead}, the mood is hopeful but cautious.",
            "N: {A}, is there any word on the cost of {key}?",
        ),
        "turn": (
            "A: {lead}, this just in: there's been a new development on {key}.",
            "N: That is breaking news about {key}. We'll bring you more as we get it.",
        ),
        "close": (
            "N: {A}, thank you. That's all from us. Good night.",
        ),
        "intro": ("*: I'm {self}. I live near {place}, and I saw it all.",),
    },
    "sports": {
        "open": (
            "A: Welcome to {place}! It's {team1} against {team2}, and what a night for it!",
            "B: The atmosphere is electric, {A}. Everybody here is talking about {key}.",
        ),
        "middle": (
            "[cheer] A: And {team1} break forward! Down the left, a cross, and it's cleared!",
            "B: {team2} look nervous at the back. That's {num} corners already.",
            "A: A lovely touch in midfield, he turns, he shoots, just wide!",
            "B: The keeper had that covered, {A}. But it's a warning.",
            "[whistle] A: The referee stops play. A free kick to {team2}.",
            "B: This is exactly where {key} matters. Watch the wall.",
            "A: Over the wall, and it's tipped around the post! What a save!",
            "B: That's the save of the season, {A}. Absolutely world class.",
            "A: {num} minutes on the clock, and {team1} are pushing now.",
            "B: You can feel it in {place}. Something's coming.",
            "A: Here's the substitution: fresh legs for {team2}.",
            "B: A brave call from the bench, with {key} on everybody's mind.",
        ),
        "turn": (
            "[cheer] A: He's through! One on one! And it's a GOAL! {team1} have scored!",
            "B: Unbelievable! {place} has gone absolutely wild!",
        ),
        "close": (
            "[whistle] A: And there's the final whistle! {team1} win it!",
            "B: A night nobody here will forget, {A}, and a lot to say about {key}.",
        ),
        "intro": ("*: {self} here in the commentary box. What a setting for {key}!",),
    },
    "podcast": {
        "open": (
            "A: Hello and welcome to {show}! I'm {A}.",
            "B: And I'm {B}. Today we're talking about {topic}.",
        ),
        "middle": (
            "A: So, {B}, when did you first get into {key}?",
            "B: Honestly? {time}. A friend dragged me along and I was hooked.",
            "*: The thing most people get wrong about {key} is how simple it starts.",
            "A: We had a listener write in from {place} about {key}.",
            "B: I love that. Keep those messages coming, everyone.",
            "*: Here's a number for you: {num} percent of people have tried {key} at least once.",
            "A: That surprises me. I'd have guessed far fewer.",
            "*: My hot take: {key} is overrated. There, I said it.",
            "B: Oh, we are not letting that slide, {A}.",
            "*: Okay, okay. Underrated, then. I panicked.",
            "A: If you're new to {key}, where should you start?",
            "*: Start small. Give it a week. And ask for help.",
            "B: We should do a whole episode on that on {day}.",
        ),
        "turn": (
            "A: Now, this is the part of {show} I've been waiting for: listener questions.",
            "B: First one's a good one: is {key} worth it? Short answer: yes.",
        ),
        "close": (
            "A: That's all for today's episode of {show}. Thanks for listening!",
            "B: See you next week. And go try {key}!",
        ),
        "intro": ("*: And I'm {self}! Great to be here.",
                  "*: And I'm {self}, the one who actually reads the listener mail.",
                  "*: {self} here, back from holiday and ready to talk about {key}."),
    },
    "interview": {
        "open": (
            "A: My guest today knows more about {topic} than anyone I've met. Welcome, {B}.",
            "B: Thank you, {A}. It's a pleasure to be here.",
        ),
        "middle": (
            "A: Let's start at the beginning. How did {key} come into your life?",
            "B: By accident, really. It was {time}, and I was in {place}.",
            "A: What did people say when you told them about {key}?",
            "B: Most of them laughed, {A}. {Num} of them are now working with me on {key}.",
            "A: What's been the hardest part of {key}, {B}?",
            "B: The early mornings in {place}. And the doubts. Mostly the doubts.",
            "A: You spent {num} years on this. Was there a moment you nearly quit?",
            "B: Many. But every time, someone wrote to me about {key} and I kept going.",
            "A: What do you say to people who think {key} is a passing trend?",
            "B: Come to {place} and see {key} for yourself. Then tell me it's a trend.",
            "A: What's next for you, {B}?",
            "B: A new project on {key}, which I can't talk about until {day}.",
        ),
        "turn": (
            "A: I have to ask the difficult question. What went wrong with {key}?",
            "B: We rushed {key}, {A}. I take full responsibility for that.",
        ),
        "close": (
            "A: {B}, thank you so much for talking to us about {key}.",
            "B: Thank you for having me, {A}.",
        ),
        "intro": ("*: Thank you. I'm {self}, and I've been looking forward to this.",),
    },
    "advert": {
        "open": (
            "A: Ugh, {B}, I'm so tired of the same old thing.",
            "N: Sound familiar? Then it's time for {topic}!",
        ),
        "middle": (
            "B: Have you tried {brand}? It changed my week.",
            "N: {Brand}: made with care, made for you.",
            "A: Wow. Where has {brand} been all my life?",
            "N: Now with {num} percent more of everything you love.",
            "B: And it's ready in minutes.",
            "N: Find {brand} in {place}, open every day from eight till late.",
            "A: Best decision I made all {day}.",
            "[register] N: And this week only, the second one is free.",
        ),
        "turn": (
            "B: Seriously, {A}. Just try {brand}.",
        ),
        "close": (
            "[whoosh] N: {Brand}. You'll wonder how you ever lived without it.",
        ),
        "intro": ("*: I'm {self}, and I tell all my friends about {brand}.",),
    },
    "howto": {
        "open": (
            "N: Hello and welcome! Today I'll show you {topic}, step by step.",
            "N: You won't need much: a little patience, the right tools, and {num} minutes.",
        ),
        "middle": (
            "N: Step one: lay out everything you need for {key} where you can see it.",
            "A: Do I need any special tools for {key}?",
            "N: Just the basics, {A}. If you don't have them, ask a neighbour in {place}.",
            "[click] N: Hear that click? That means {key} is in place. Good.",
            "N: Step two: take it slowly. Rushing {key} is how things go wrong.",
            "A: What's the most common mistake with {key}?",
            "N: Skipping the check at the end. Always test {key} before you call it done.",
            "N: Step three: tighten, adjust, and check {key} again, {A}.",
            "A: That was easier than I thought, and I've dreaded {key} since {time}!",
            "N: If {key} doesn't work the first time, undo the last step and try again.",
            "N: Keep a note of what you did, so next {day} {key} takes half the time.",
            "[footsteps] A: Let me fetch the last piece for {key} from {place}.",
        ),
        "turn": (
            "A: Uh oh. Something doesn't look right with {key}.",
            "N: No problem, {A}. Go back one step and look closely. There it is. Fixed!",
        ),
        "close": (
            "N: And that's {topic}, done. Well done, {A}!",
            "A: Thanks! I'm going to tell everyone in {place} how easy {key} is.",
        ),
        "intro": ("*: Hi, I'm {self}, and I'm learning {key} today.",),
    },
    "documentary": {
        "open": (
            "N: Few things on Earth are as remarkable as {topic}.",
            "N: To understand {key}, we must begin in {place}.",
        ),
        "middle": (
            "N: Here, {key} has survived for thousands of years, largely unseen.",
            "N: Each {day} at dawn, the first light reaches {place}, and everything changes.",
            "N: Scientists have counted more than {num} species that depend on {key}.",
            "N: {Key} lives in a delicate balance, and a very old one.",
            "N: In the cool of the evening, {place} comes alive with sound.",
            "N: Nobody knew, until recently, just how far {key} can travel.",
            "N: The answer came from an unlikely place: a single recording made {time}.",
            "N: It revealed a pattern, repeating every {num} days.",
            "N: For the people who live near {place}, {key} is part of daily life.",
            "N: And yet the world beyond knows almost nothing about it.",
            "N: Every season brings a new test, and every season, {key} endures.",
            "N: What we see is only a small part of the story of {key}.",
        ),
        "turn": (
            "N: But now, for the first time, {key} faces a challenge it has never met before.",
            "N: The next few years will decide the future of {key}.",
        ),
        "close": (
            "N: The story of {topic} is still being written.",
            "N: And perhaps, if we listen carefully, {place} will tell us how it ends.",
        ),
        "intro": ("*: I'm {self}. I have studied {key} for most of my life.",),
    },
    "meditation": {
        "open": (
            "N: Welcome. Find a comfortable position, and let your eyes gently close.",
            "[breath] N: Breathe in slowly, and breathe out. Today we rest with {topic}.",
        ),
        "middle": (
            "N: Notice the weight of your body, supported and safe, here in {place}.",
            "N: Imagine yourself in {place}. Calm, unhurried, at ease.",
            "N: Breathe in for four counts, thinking of {key}. Hold. And breathe out for six.",
            "N: Let every thought about {day} drift past like clouds over {place}.",
            "N: Bring your attention to {key}. Let it be soft and light.",
            "N: In {place}, there is nothing to do, nowhere to be. Only this breath.",
            "N: Feel your shoulders soften, the way {place} softens at dusk.",
            "N: With each breath out, let go a little more. {Key} will wait for you.",
            "N: If your mind wanders, that's fine. Gently come back to {key}.",
            "N: Picture {place} around you, quiet and kind.",
            "N: Breathe in the calm of {place}. Breathe out tension.",
            "N: Let {key} fill you with stillness, from head to toe.",
            "N: Count {num} slow breaths with me, resting in {place}.",
            "N: Remember a moment {time} when you felt completely safe. Bring it to {place}.",
            "N: Listen to the sounds of {place}, and let them carry you.",
            "N: Your breath is a wave, rising and falling, as slow as {key}.",
        ),
        "turn": (
            "N: Now, slowly, let your breath return to its own natural rhythm in {place}.",
        ),
        "close": (
            "N: When you're ready, move your fingers, leave {place}, and open your eyes.",
            "N: Carry this calm, and {key}, with you through the rest of your day.",
        ),
        "intro": ("*: I'm {self}, and I'll breathe with you today.",),
    },
    "lecture": {
        "open": (
            "N: Good morning, everyone. Today's lesson is about {topic}.",
            "N: By the end of this class, you'll be able to explain {key} to anyone.",
        ),
        "middle": (
            "N: Let's start with a simple question: what is {key}, really?",
            "A: Is it true that {key} was discovered by accident?",
            "N: Partly, yes, {A}. Many ideas about {key} began as accidents.",
            "N: Think of {key} as a set of steps. First, the cause. Then, the effect.",
            "N: Write this down: there are {num} key ideas we'll cover today.",
            "A: Could you give us an example of {key} from everyday life?",
            "N: Of course. Next time you're in {place}, look around: {key} is everywhere.",
            "N: The common mistake is to think {key} is complicated. It isn't, {A}.",
            "[page] N: Turn to page {num} in your notes on {key}.",
            "A: So that's why {key} works the way it does!",
            "N: Exactly. You've just explained {key} better than most textbooks.",
            "N: Historians trace the first ideas about {key} back to {time}.",
        ),
        "turn": (
            "A: But what if {key} doesn't work the way we expect?",
            "N: Excellent question, {A}. That's exactly where research on {key} is heading.",
        ),
        "close": (
            "N: For homework, find one example of {key} at home.",
            "N: That's all for today's lesson on {topic}. See you next {day}.",
        ),
        "intro": ("*: I'm {self}. I have a question about {key}.",),
    },
    "cooking": {
        "open": (
            "N: Hello and welcome to my kitchen! Today we're making {topic}.",
            "N: It takes about {num} minutes, and it's easier than you think.",
        ),
        "middle": (
            "N: First, gather everything you need for {key}. Preparation is half the work.",
            "[sizzle] N: Hear that sizzle? That's how you know the pan is ready for {key}.",
            "A: How much butter goes into {key}, chef?",
            "N: A generous spoonful. Don't be shy with it.",
            "N: Now stir gently, {A}, always in the same direction.",
            "A: {Key} smells wonderful already.",
            "N: The secret to great {key} is patience. Low heat, lots of love.",
            "N: A pinch of salt, a little pepper, and taste {key} as you go.",
            "[kettle] N: While {key} simmers, let's get the water boiling.",
            "A: What if I don't have all the ingredients for {key}?",
            "N: Improvise, {A}! The best recipes started as somebody's happy mistake.",
            "N: Give it {num} more minutes, until it turns golden.",
        ),
        "turn": (
            "A: Chef, I think {key} is starting to burn!",
            "N: Don't panic, {A}. Off the heat, a splash of water, and stir. Saved!",
        ),
        "close": (
            "N: And there you have it: {topic}, ready to serve.",
            "A: That looks amazing. I'm making {key} this {day}.",
        ),
        "intro": ("*: Hi! I'm {self}, and I'm here to taste whatever we make.",),
    },
    "audiobook": {
        "open": (
            "N: Chapter one. {Topic}.",
            "N: It was {time} when {A} first heard of {key}.",
        ),
        "middle": (
            "N: The town of {place} was small enough that news travelled faster than the post.",
            "A: I'll find out what this is about, {other}. I promise you.",
            "N: {A} said it quietly, the way people say things they intend to keep.",
            "N: The road out of {place} was long, and it was raining by the time it ended.",
            "N: There were {num} letters in the drawer, each one addressed to {A}.",
            "[page] N: The first letter began: if you are reading this, you know about {key}.",
            "A: Who would write to me about {key}? And why now?",
            "N: There was no answer about {key}, only the wind at the window.",
            "N: By {day}, the letters had become the only thing {A} could think about.",
            "A: Whatever {key} is, it's been waiting for me.",
            "N: And somewhere far from {place}, somebody else was waiting too.",
            "N: The house in {place} kept its secrets, as old houses do.",
        ),
        "turn": (
            "[knock] N: Then, one {day} evening, someone knocked at the door.",
            "A: Who's there? Is this about {key}?",
        ),
        "close": (
            "N: And {A} knew, at last, that {key} had never been about the letters at all.",
            "N: End of chapter one.",
        ),
        "intro": ("*: My name is {self}, and I knew {A} before all of this began.",),
    },
    "quiz": {
        "open": (
            "N: Good evening and welcome to {show}! Tonight's special subject: {topic}!",
            "N: Let's meet our contestants. {A}, say hello!",
            "A: Hello! I'm {A}, and I've been revising {key} all week.",
        ),
        "middle": (
            "N: First question, fingers on buzzers. In which year was {key} first recorded?",
            "[buzzer] *: Is it {num} hundred and something?",
            "N: I need a year! I'll accept it. Two points!",
            "N: Next question: what is the most famous fact about {key}?",
            "[buzzer] *: That it started in {place}!",
            "N: Correct! Three points!",
            "N: Quick-fire round. Sixty seconds on {key}. Go!",
            "*: Pass! No, wait, I know this one!",
            "N: Too late! And the scores are very close.",
            "N: Here's a tricky one. How many people have written a book about {key}?",
            "[buzzer] *: {num}?",
            "N: Close, but no. The answer is more than a thousand!",
        ),
        "turn": (
            "N: And now, the jackpot question on {key}, worth double points!",
            "[buzzer] *: I'm going to risk it all. Final answer!",
        ),
        "close": (
            "[applause] N: And that means tonight's champion is {A}!",
            "A: I can't believe it! Thank you! All those nights reading about {key}!",
            "N: Join us next week for more {show}!",
        ),
        "intro": ("*: Hi, I'm {self}, and I'm here to win!",
                  "*: I'm {self}. I've been practising on my family for weeks.",
                  "*: {self}! Hello to everyone watching at home!"),
    },
    "weather": {
        "open": (
            "[whoosh] N: Good morning! Here's your weather, with a special look at {topic}.",
        ),
        "middle": (
            "N: We start the day cool and bright, with temperatures around {num} degrees.",
            "N: By lunchtime, clouds build from the west, bringing a few showers to {place}.",
            "N: If you're heading out for {key}, take a light jacket.",
            "N: This afternoon, winds pick up to around {num} kilometres an hour on the coast.",
            "N: Overnight, skies clear and it turns chilly, so watch for frost in low spots.",
            "N: Looking ahead to {day}: sunshine returns, and it'll feel like spring.",
            "N: Pollen levels are moderate; allergy sufferers, keep the windows closed.",
            "N: And for {key} fans: the best conditions will be in the late afternoon.",
        ),
        "turn": (
            "N: A word of warning: a band of heavy rain may reach {place} this evening.",
        ),
        "close": (
            "N: That's your forecast. Enjoy {key}, and have a lovely day!",
        ),
        "intro": ("*: And I'm {self} with the travel outlook.",),
    },
    "traffic": {
        "open": (
            "[whoosh] N: Time for your travel update, with a focus on {topic}.",
        ),
        "middle": (
            "N: Starting in {place}: slow traffic on the ring road, about {num} minutes of delay.",
            "N: An accident near the north junction has closed one lane; expect queues.",
            "N: Trains are running on time this morning, with one exception on the coast line.",
            "N: If you're heading to {key}, allow an extra {num} minutes.",
            "[siren] N: Emergency services are on their way to the bridge, so please keep clear.",
            "N: The city centre is busy, with roadworks continuing until {day}.",
            "N: Buses are on diversion around the market because of {key}.",
            "N: Cyclists, watch out for wet roads along the river path.",
        ),
        "turn": (
            "N: This just in: the bridge has now reopened in both directions.",
        ),
        "close": (
            "N: That's your travel news. Drive safely, and good luck with {key}.",
        ),
        "intro": ("*: I'm {self} in the traffic helicopter.",),
    },
    "announcement": {
        "open": (
            "[chime] N: Attention, please. This is an announcement about {topic}.",
        ),
        "middle": (
            "N: Passengers are kindly requested to keep their belongings with them at all times.",
            "N: The service to {place} will depart from platform {num}.",
            "N: Please have your tickets ready for inspection.",
            "N: We apologise for any inconvenience caused by {key}.",
            "N: Customers needing assistance with {key} should speak to a member of staff.",
            "N: Please do not leave luggage unattended.",
        ),
        "turn": (
            "[chime] N: Please note a change: because of {key}, gate {num} is now closed.",
        ),
        "close": (
            "N: Thank you for your attention, and thank you for your patience with {key}.",
        ),
        "intro": ("*: This is {self}, your duty manager.",),
    },
}

# Pools the writer draws from for slots the prompt does not fill.
NAMES_FEMALE = ("Anna", "Clara", "Maya", "Lucy", "Nora", "Iris", "Ruth", "Elena", "Grace",
                "Hannah", "Jade", "Kate", "Lena", "Martha", "Olive", "Rosa", "Sophie", "Tess",
                "Vera", "Zoe")
NAMES_MALE = ("Tom", "Jack", "Leo", "Sam", "Ben", "Felix", "Hugo", "Ivan", "Jonah", "Karl",
              "Luke", "Max", "Noah", "Oscar", "Paul", "Rafe", "Theo", "Victor", "Will", "Owen")
FILLERS: dict[str, tuple[str, ...]] = {
    "time": ("last winter", "ten years ago", "this morning", "at midnight", "last summer",
             "the night of the storm", "three days ago", "at dawn", "years ago",
             "on the first day of spring"),
    "day": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "num": ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve",
            "twenty"),
    "team": ("Rovers", "City", "United", "Wanderers", "Athletic", "the Lions", "the Eagles",
             "Rangers", "the Sharks", "Harbour Town"),
    "show": ("The {Key} Hour", "{Key} Talk", "All About {Key}", "The {Key} Club",
             "Sunday {Key}"),
}
# A thing for lines to be about when the subject is a speaker or the place, per bank.
KEYS: dict[str, str] = {"mystery": "the missing necklace", "horror": "the locked room",
                        "story": "the old letter", "scifi": "the signal",
                        "fantasy": "the lost crown", "bedtime": "the little star",
                        "comedy": "the goat", "romance": "the letter",
                        "audiobook": "the letters"}
# A subject to use when the prompt has none.
FALLBACK_TOPIC = "an unexpected surprise"
FALLBACK_KEY = "the surprise"
# {place} when the prompt names no setting, per format (story genres use "story").
PLACES: dict[str, str] = {"story": "the village", "news": "the town centre",
                          "sports": "the stadium", "podcast": "the studio",
                          "interview": "the studio", "advert": "your high street",
                          "documentary": "the wild", "meditation": "a quiet garden",
                          "lecture": "the world around us", "cooking": "the kitchen",
                          "howto": "the workshop",
                          "audiobook": "the village", "quiz": "the studio",
                          "weather": "the region", "traffic": "the city",
                          "announcement": "the station", "bedtime": "the meadow",
                          "horror": "the old house", "scifi": "the ship",
                          "fantasy": "the kingdom", "mystery": "the manor"}
