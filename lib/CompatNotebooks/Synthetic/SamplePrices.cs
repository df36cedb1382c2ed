namespace CompatNotebooks.Synthetic;

/// <summary>
/// Plausible US-dollar price ranges of the sample's products, by the product noun in their title (a cloth diaper
/// costs tens of dollars, an electric guitar hundreds), so generated prices and the chapter's price plots look like
/// a real catalogue. Nouns not listed (the generic vocabulary of other categories) get <see cref="DefaultRange"/>.
/// </summary>
internal static class SamplePrices
{
    /// <summary>The range of nouns without an entry.</summary>
    public static readonly (double Low, double High) DefaultRange = (5, 80);

    private static readonly Dictionary<string, (double Low, double High)> ByNoun = Parse("""
        Guitar Picks 3-15; Strap 8-45; Capo 6-40; Clip-On Tuner 8-30; Gig Bag 20-90; Instrument Cable 8-40;
        String Set 5-30; Pick Holder 4-15; Guitar Stand 12-50; Polish Cloth 3-12;
        Overdrive Pedal 40-200; Delay Pedal 60-300; Combo Amp 90-700; Practice Amp 40-150; Wah Pedal 60-220;
        Looper 70-250; Amp Head 200-1200;
        Drumsticks 6-20; Snare Drum 100-500; Cymbal Pack 120-600; Practice Pad 15-45; Cajon 60-250;
        Tambourine 10-40; Drum Throne 30-150;
        Electric Guitar 150-1500; Acoustic Guitar 120-1200; Classical Guitar 100-800; Travel Guitar 100-400;
        Guitar Kit 80-250;
        Audio Interface 80-500; Studio Monitor 100-500; Studio Headphones 50-250; Pop Filter 8-30; Mic Preamp 80-400;
        PA Speaker 150-800; Mixer 60-600; Stage Light 30-200; Speaker Stand 30-120; DI Box 20-150;
        Dynamic Microphone 30-150; Condenser Microphone 60-400; Mic Stand 15-60; XLR Cable 8-35; Shock Mount 15-60;
        Keyboard 100-600; MIDI Controller 60-400; Sustain Pedal 10-40; Synthesizer 250-1500; Keyboard Stand 25-90;
        Bass Guitar 180-1300; Bass Strings 15-45; Acoustic Bass 200-900;
        Trumpet Mouthpiece 20-90; Valve Oil 5-15; Violin Rosin 4-20; Clarinet Reeds 10-35; Music Stand 15-60;
        Soprano Ukulele 30-150; Concert Ukulele 50-250; Mandolin 100-600; Banjo 150-900;
        Harmonica 10-60; Recorder 6-40; Tin Whistle 8-30; Flute 150-900;
        DJ Controller 150-800; Karaoke Machine 60-300; Turntable Slipmat 8-25;
        Violin Outfit 100-600; Cello Bow 50-400; Lap Harp 150-700;
        Pacifier 4-15; Nail Clipper 5-15; Thermometer 10-50; Teether 5-15; Brush Set 6-20; Nasal Aspirator 8-25;
        Baby Bottle 6-25; Sippy Cup 5-15; Bib 4-15; Burp Cloth 6-20; Bottle Brush 4-12; Breast Pump 40-300;
        Booster Seat 20-60;
        Crib Sheet 10-30; Swaddle Blanket 12-40; Mobile 20-70; Night Light 10-40; Changing Pad 15-45; Crib Bumper 20-60;
        Diaper Bag 25-120; Cloth Diaper 8-30; Wipe Warmer 15-35; Diaper Pail 25-70; Changing Mat 10-35;
        Baby Carrier 30-180; Bouncer 30-150; Swing 80-250; Play Yard 60-250; Activity Jumper 60-150;
        Baby Monitor 30-250; Safety Gate 25-100; Outlet Cover 4-15; Cabinet Lock 8-25; Corner Guard 6-20;
        Bath Tub 15-50; Hooded Towel 10-30; Baby Lotion 5-15; Bath Seat 15-40; Washcloth Set 8-20;
        Rattle 5-20; Activity Gym 30-90; Stacking Cups 5-15; Soft Blocks 10-30; Plush Toy 8-30;
        Car Seat 80-400; Seat Protector 12-40; Car Mirror 10-30; Sun Shade 8-25;
        Stroller 100-700; Jogging Stroller 150-600; Stroller Organizer 12-35; Rain Cover 12-40;
        Potty Chair 15-50; Potty Seat 10-30; Training Pants 10-30; Step Stool 10-30;
        Maternity Pillow 30-80; Belly Band 15-40; Nursing Cover 10-35;
        Travel Bed 25-90; Travel System 200-600; Portable Changer 20-60;
        Keepsake Box 15-50; Gift Set 20-80; Photo Frame 10-40;
        Women's Casual Dress 15-90; Women's Cocktail Dress 30-250; Women's Blouse 12-70; Women's Tank Top 6-30;
        Women's Skinny Jeans 20-120; Women's Cardigan 18-90; Women's Leggings 8-45; Women's Bikini Set 12-80;
        Women's Bra 10-60; Women's Running Shoe 40-160; Women's Ankle Boot 35-250; Women's Pump 30-300;
        Women's Flat Sandal 12-90; Women's Ballet Flat 20-120; Women's Stud Earrings 8-400; Women's Pendant Necklace 10-500;
        Women's Charm Bracelet 10-200; Women's Wrist Watch 25-600; Women's Tote Bag 20-300; Women's Wallet 12-150;
        Women's Scarf 8-60;
        Men's T-Shirt 8-35; Men's Dress Shirt 20-90; Men's Polo 15-80; Men's Jeans 25-150; Men's Chino Pants 20-90;
        Men's Hoodie 20-90; Men's Suit Jacket 80-600; Men's Boxer Briefs 10-45; Men's Athletic Socks 8-30;
        Men's Oxford Shoe 50-350; Men's Sneaker 35-160; Men's Work Boot 60-250; Men's Loafer 40-250;
        Men's Chronograph Watch 40-900; Men's Leather Belt 12-80; Men's Bifold Wallet 12-120; Men's Cufflinks 10-150;
        Men's Sunglasses 10-250;
        Girls' Party Dress 15-80; Girls' Leggings 6-25; Girls' Tutu Skirt 8-35; Girls' Swimsuit 10-45;
        Girls' Pajama Set 10-40; Girls' Sneaker 20-70; Girls' Rain Boot 15-50; Girls' Mary Jane 15-60; Girls' Hair Bow 3-15;
        Girls' Charm Necklace 6-40;
        Boys' Graphic Tee 6-25; Boys' Cargo Shorts 10-35; Boys' Jeans 12-45; Boys' Hoodie 12-50; Boys' Swim Trunks 8-30;
        Boys' Pajamas 10-35; Boys' Sneaker 20-75; Boys' Sandal 12-45; Boys' Baseball Cap 8-30;
        Baby Bodysuit 5-25; Baby Romper 8-35; Baby Footed Sleeper 8-30; Baby Crib Shoe 8-30; Baby Sun Hat 6-25; Baby Mittens 4-15;
        Adult Costume 20-120; Kids' Costume 15-60; Costume Wig 8-50; Novelty T-Shirt 10-30; Novelty Socks 5-20;
        Uniform Scrub Top 12-40;
        Carry-On Suitcase 50-400; Checked Suitcase 70-600; Laptop Backpack 25-150; Duffel Bag 20-150; Packing Cubes 12-40;
        Luggage Tag 5-25;
        Shoe Insoles 8-50; Shoe Polish 4-15; Watch Band 8-80; Jewelry Box 15-120;
        Cycling Jersey 25-120; Hiking Boot 60-250; Yoga Pants 15-100; Kimono Robe 20-150; Dirndl Dress 60-300
        """);

    /// <summary>The price range of <paramref name="noun"/>.</summary>
    public static (double Low, double High) RangeOf(string noun) => ByNoun.GetValueOrDefault(noun, DefaultRange);

    private static Dictionary<string, (double Low, double High)> Parse(string table)
    {
        var ranges = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
        foreach (string entry in table.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int space = entry.LastIndexOf(' ');
            var bounds = entry[(space + 1)..].Split('-');
            ranges.Add(entry[..space], (double.Parse(bounds[0], System.Globalization.CultureInfo.InvariantCulture),
                double.Parse(bounds[1], System.Globalization.CultureInfo.InvariantCulture)));
        }
        return ranges;
    }
}
