namespace CompatNotebooks.Synthetic;

/// <summary>One second-level subcategory of the sample: its name, some third levels and title nouns.</summary>
/// <remarks>A third-level entry may name deeper levels too, separated by <see cref="LevelSeparator"/>
/// (<c>Clothing &gt; Dresses &gt; Casual</c>): each becomes one element of the <c>categories</c> path.</remarks>
internal sealed record SampleSubcategory(string Name, string[] ThirdLevels, string[] Nouns)
{
    /// <summary>Separates the levels of a <see cref="ThirdLevels"/> entry.</summary>
    public const string LevelSeparator = " > ";

    /// <summary>True when <see cref="ThirdLevels"/>[i] is the path of <see cref="Nouns"/>[i] (the product's path
    /// follows from what it is); false when a product's third level is drawn on its own.</summary>
    public bool PathPerNoun { get; init; }
}

/// <summary>
/// The words the sample generator builds products from, per category: real-sounding subcategory names
/// (largest first, sizes follow a power law), fictional brands (some with apostrophes, accents or
/// <c>&amp;amp;</c>, as real metadata has), title adjectives and extras that exercise the parser.
/// </summary>
internal sealed record SampleVocabulary(string TopLevel, SampleSubcategory[] Subcategories, string[] Brands, string[] Adjectives)
{
    /// <summary>Words for <paramref name="category"/> (file-name spelling); unknown categories get a generic set.</summary>
    public static SampleVocabulary For(string category) => category switch
    {
        "Musical_Instruments" => MusicalInstruments,
        "Baby" => Baby,
        SampleClothingVocabulary.Category => SampleClothingVocabulary.Vocabulary,
        _ => Generic(category.Replace('_', ' ')),
    };

    /// <summary>Title fragments with characters a Python-literal parser must get right (quotes, backslash,
    /// non-ASCII, emoji, HTML entities, control characters).</summary>
    public static readonly string[] TrickyExtras =
    [
        "Kid's Edition", "Players' Choice", "12\" Size", "\"Silent\" Series", "Rock 'n' Roll \"Live\" Pack",
        "A\\B Switch", "Back\\Slash Pro", "Café Série", "Müller Größe", "Crème Brûlée Tone", "Señor Niño",
        "Stage™", "Pro® Series", "Ω Edition", "90° Angle", "🎸 Rock", "👶 Soft", "🎵 Melody", "★ Star",
        "Strings &amp; Things", "Tom &amp; Jerry&#39;s", "&quot;Classic&quot; Cut", "Tab\tSeparated", "中文 Edition",
    ];

    private static readonly SampleVocabulary MusicalInstruments = new("Musical Instruments",
    [
        new("Instrument Accessories", ["Guitar & Bass Accessories", "Picks & Pick Punches", "Strings", "Cables", "Tuners", "Straps", "Capos", "Cases & Gig Bags"],
            ["Guitar Picks", "Strap", "Capo", "Clip-On Tuner", "Gig Bag", "Instrument Cable", "String Set", "Pick Holder", "Guitar Stand", "Polish Cloth"]),
        new("Amplifiers & Effects", ["Guitar Effects", "Guitar Amplifiers", "Bass Amplifiers", "Effects Pedals"],
            ["Overdrive Pedal", "Delay Pedal", "Combo Amp", "Practice Amp", "Wah Pedal", "Looper", "Amp Head"]),
        new("Drums & Percussion", ["Drum Sets", "Cymbals", "Drum Sticks", "Hand Percussion"],
            ["Drumsticks", "Snare Drum", "Cymbal Pack", "Practice Pad", "Cajon", "Tambourine", "Drum Throne"]),
        new("Guitars", ["Electric Guitars", "Acoustic Guitars", "Classical & Nylon-String Guitars"],
            ["Electric Guitar", "Acoustic Guitar", "Classical Guitar", "Travel Guitar", "Guitar Kit"]),
        new("Studio Recording Equipment", ["Studio Monitors", "Audio Interfaces", "Headphones"],
            ["Audio Interface", "Studio Monitor", "Studio Headphones", "Pop Filter", "Mic Preamp"]),
        new("Live Sound & Stage", ["Stage Lighting", "PA Speakers", "Mixers"],
            ["PA Speaker", "Mixer", "Stage Light", "Speaker Stand", "DI Box"]),
        new("Microphones & Accessories", ["Microphones", "Microphone Stands", "Microphone Cables"],
            ["Dynamic Microphone", "Condenser Microphone", "Mic Stand", "XLR Cable", "Shock Mount"]),
        new("Keyboards & MIDI", ["Digital Pianos", "MIDI Controllers", "Synthesizers"],
            ["Keyboard", "MIDI Controller", "Sustain Pedal", "Synthesizer", "Keyboard Stand"]),
        new("Bass Guitars", ["Electric Basses", "Acoustic Basses"],
            ["Bass Guitar", "Bass Strings", "Acoustic Bass"]),
        new("Band & Orchestra", ["Brass", "Woodwinds", "Orchestral Strings"],
            ["Trumpet Mouthpiece", "Valve Oil", "Violin Rosin", "Clarinet Reeds", "Music Stand"]),
        new("Ukuleles, Mandolins & Banjos", ["Ukuleles", "Mandolins", "Banjos"],
            ["Soprano Ukulele", "Concert Ukulele", "Mandolin", "Banjo"]),
        new("Wind & Woodwind Instruments", ["Harmonicas", "Recorders", "Flutes"],
            ["Harmonica", "Recorder", "Tin Whistle", "Flute"]),
        new("DJ, Electronic Music & Karaoke", ["DJ Controllers", "Karaoke Equipment"],
            ["DJ Controller", "Karaoke Machine", "Turntable Slipmat"]),
        new("Stringed Instruments", ["Violins", "Cellos", "Harps"],
            ["Violin Outfit", "Cello Bow", "Lap Harp"]),
    ],
    ["Harmonix Pro", "D'Angelo Strings", "StageCraft", "Müller Audio", "Stage &amp; Studio", "Bluefrog", "Ironwood",
     "Kestrel", "Nordheim", "Vantage Sound", "O'Malley Drums", "Pickworks", "Résonance", "Tonewell", "Sonora",
     "Redline", "Amberwave", "Quartzline", "Big Sky Music", "Hollis &amp; Rowe"],
    ["Vintage", "Premium", "Heavy Gauge", "Light Gauge", "Compact", "Professional", "Student", "Deluxe", "Classic",
     "Ultra-Light", "Black", "Sunburst", "Natural", "Red", "Blue", "Pack of 12", "Left-Handed", "Nickel", "Bronze"]);

    private static readonly SampleVocabulary Baby = new("Baby",
    [
        new("Baby Care", ["Health", "Grooming", "Pacifiers & Accessories"],
            ["Pacifier", "Nail Clipper", "Thermometer", "Teether", "Brush Set", "Nasal Aspirator"]),
        new("Feeding", ["Bottle-Feeding", "Breastfeeding", "Bibs & Burp Cloths", "Highchairs & Booster Seats"],
            ["Baby Bottle", "Sippy Cup", "Bib", "Burp Cloth", "Bottle Brush", "Breast Pump", "Booster Seat"]),
        new("Nursery", ["Bedding", "Furniture", "Décor"],
            ["Crib Sheet", "Swaddle Blanket", "Mobile", "Night Light", "Changing Pad", "Crib Bumper"]),
        new("Diapering", ["Diaper Bags", "Cloth Diapers", "Wipes & Holders"],
            ["Diaper Bag", "Cloth Diaper", "Wipe Warmer", "Diaper Pail", "Changing Mat"]),
        new("Gear", ["Backpacks & Carriers", "Swings, Jumpers & Bouncers", "Playards"],
            ["Baby Carrier", "Bouncer", "Swing", "Play Yard", "Activity Jumper"]),
        new("Safety", ["Gates & Doorways", "Monitors", "Cabinet Locks & Straps"],
            ["Baby Monitor", "Safety Gate", "Outlet Cover", "Cabinet Lock", "Corner Guard"]),
        new("Bathing & Skin Care", ["Bathing Tubs & Seats", "Skin Care", "Washcloths & Towels"],
            ["Bath Tub", "Hooded Towel", "Baby Lotion", "Bath Seat", "Washcloth Set"]),
        new("Baby & Toddler Toys", ["Activity Centers", "Rattles", "Stacking & Nesting Toys"],
            ["Rattle", "Activity Gym", "Stacking Cups", "Soft Blocks", "Plush Toy"]),
        new("Car Seats & Accessories", ["Car Seats", "Car Seat Accessories"],
            ["Car Seat", "Seat Protector", "Car Mirror", "Sun Shade"]),
        new("Strollers", ["Standard", "Jogging", "Lightweight"],
            ["Stroller", "Jogging Stroller", "Stroller Organizer", "Rain Cover"]),
        new("Potty Training", ["Potties & Seats", "Training Pants"],
            ["Potty Chair", "Potty Seat", "Training Pants", "Step Stool"]),
        new("Pregnancy & Maternity", ["Maternity Pillows", "Belly Bands"],
            ["Maternity Pillow", "Belly Band", "Nursing Cover"]),
        new("Travel Gear", ["Travel Beds", "Travel Systems"],
            ["Travel Bed", "Travel System", "Portable Changer"]),
        new("Gifts", ["Keepsakes", "Gift Sets"],
            ["Keepsake Box", "Gift Set", "Photo Frame"]),
    ],
    ["Little Acorn", "Snuggle &amp; Co", "Bébé Douce", "Mama's Choice", "Tiny Steps", "Cozy Nest", "Sweet Pea",
     "Lullaby Lane", "Kinder Welt", "Happy Hatch", "O'Brien Baby", "Cloud Nine Kids", "Pebble", "Bright Start",
     "Moonbeam", "Nüvo Baby", "Willow &amp; Wren", "Bumblebee", "Honeycomb", "Sprout"],
    ["Organic", "Soft", "BPA-Free", "Pink", "Blue", "Pack of 3", "Newborn", "0-6 Months", "Bamboo", "Cotton",
     "Portable", "Deluxe", "Classic", "Gray", "Ivory", "Waterproof", "Hypoallergenic", "Twin Pack"]);

    private static SampleVocabulary Generic(string topLevel) => new(topLevel,
        Enumerable.Range(1, 10).Select(i => new SampleSubcategory($"{topLevel} Group {i}", [$"Kind {i}A", $"Kind {i}B"],
            [$"Widget {i}", $"Gadget {i}", $"Gizmo {i}"])).ToArray(),
        ["Acme", "O'Neil", "Zürich Works", "Smith &amp; Sons", "Nova"],
        ["Small", "Large", "Red", "Blue", "Classic"]);
}
