namespace CompatNotebooks.Synthetic;

/// <summary>
/// The words of the generated Clothing, Shoes &amp; Jewelry category: second levels like the real 2014 file's
/// (Women, Men, Girls, Boys, Baby, Novelty, Costumes &amp; More, Luggage &amp; Travel Gear, …, largest first), and
/// under each one product nouns, each with the deeper levels of its <c>categories</c> path (e.g. Women → Clothing →
/// Dresses → Casual), so a product's path and its title agree. Brands are fictional.
/// </summary>
internal static class SampleClothingVocabulary
{
    /// <summary>The file-name spelling of the category.</summary>
    public const string Category = "Clothing_Shoes_and_Jewelry";

    // Per second level: "noun = level 3 > level 4 [> level 5]" entries separated by ';'.
    private static readonly (string Name, string Products)[] Departments =
    [
        ("Women", """
            Women's Casual Dress = Clothing > Dresses > Casual; Women's Cocktail Dress = Clothing > Dresses > Cocktail;
            Women's Blouse = Clothing > Tops & Tees > Blouses & Button-Down Shirts; Women's Tank Top = Clothing > Tops & Tees > Tanks & Camis;
            Women's Skinny Jeans = Clothing > Jeans > Skinny; Women's Cardigan = Clothing > Sweaters > Cardigans;
            Women's Leggings = Clothing > Leggings; Women's Bikini Set = Clothing > Swimsuits & Cover Ups > Bikinis > Bikini Sets;
            Women's Bra = Clothing > Lingerie, Sleep & Lounge > Lingerie > Bras > Everyday Bras;
            Women's Running Shoe = Shoes > Athletic > Running; Women's Ankle Boot = Shoes > Boots > Ankle & Bootie;
            Women's Pump = Shoes > Pumps; Women's Flat Sandal = Shoes > Sandals > Flats; Women's Ballet Flat = Shoes > Flats;
            Women's Stud Earrings = Jewelry > Earrings > Stud; Women's Pendant Necklace = Jewelry > Necklaces > Pendants;
            Women's Charm Bracelet = Jewelry > Bracelets > Charm; Women's Wrist Watch = Watches > Wrist Watches;
            Women's Tote Bag = Handbags & Wallets > Totes; Women's Wallet = Accessories > Wallets; Women's Scarf = Accessories > Scarves & Wraps
            """),
        ("Men", """
            Men's T-Shirt = Clothing > Shirts > T-Shirts; Men's Dress Shirt = Clothing > Shirts > Dress Shirts;
            Men's Polo = Clothing > Shirts > Polos; Men's Jeans = Clothing > Jeans; Men's Chino Pants = Clothing > Pants > Casual;
            Men's Hoodie = Clothing > Active > Active Hoodies; Men's Suit Jacket = Clothing > Suits & Sport Coats > Suits;
            Men's Boxer Briefs = Clothing > Underwear > Boxer Briefs; Men's Athletic Socks = Clothing > Socks > Athletic Socks;
            Men's Oxford Shoe = Shoes > Oxfords; Men's Sneaker = Shoes > Fashion Sneakers; Men's Work Boot = Shoes > Boots > Work & Safety;
            Men's Loafer = Shoes > Loafers & Slip-Ons; Men's Chronograph Watch = Watches > Wrist Watches;
            Men's Leather Belt = Accessories > Belts; Men's Bifold Wallet = Accessories > Wallets, Card Cases & Money Organizers > Wallets;
            Men's Cufflinks = Jewelry > Cuff Links; Men's Sunglasses = Accessories > Sunglasses & Eyewear Accessories > Sunglasses
            """),
        ("Girls", """
            Girls' Party Dress = Clothing > Dresses > Special Occasion; Girls' Leggings = Clothing > Leggings;
            Girls' Tutu Skirt = Clothing > Skirts & Skorts > Skirts; Girls' Swimsuit = Clothing > Swimwear > One-Pieces;
            Girls' Pajama Set = Clothing > Sleepwear & Robes > Pajama Sets; Girls' Sneaker = Shoes > Sneakers;
            Girls' Rain Boot = Shoes > Boots > Rain; Girls' Mary Jane = Shoes > Flats; Girls' Hair Bow = Accessories > Hair Accessories > Bows;
            Girls' Charm Necklace = Jewelry > Necklaces & Pendants
            """),
        ("Boys", """
            Boys' Graphic Tee = Clothing > Tops & Tees > T-Shirts; Boys' Cargo Shorts = Clothing > Shorts > Cargo;
            Boys' Jeans = Clothing > Jeans; Boys' Hoodie = Clothing > Fashion Hoodies & Sweatshirts;
            Boys' Swim Trunks = Clothing > Swim > Trunks; Boys' Pajamas = Clothing > Sleepwear & Robes > Pajama Sets;
            Boys' Sneaker = Shoes > Sneakers; Boys' Sandal = Shoes > Sandals; Boys' Baseball Cap = Accessories > Hats & Caps > Baseball Caps
            """),
        ("Baby", """
            Baby Bodysuit = Baby Girls > Clothing > Bodysuits; Baby Romper = Baby Boys > Clothing > Rompers;
            Baby Footed Sleeper = Baby Girls > Clothing > Sleepwear > Footed Sleepers; Baby Crib Shoe = Baby Boys > Shoes > Crib Shoes;
            Baby Sun Hat = Baby Girls > Accessories > Hats & Caps; Baby Mittens = Baby Boys > Accessories > Mittens
            """),
        ("Novelty, Costumes & More", """
            Adult Costume = Costumes & Accessories > Men > Costumes; Kids' Costume = Costumes & Accessories > Kids & Baby > Boys > Costumes;
            Costume Wig = Costumes & Accessories > Wigs; Novelty T-Shirt = Novelty > Clothing > Tops & Tees > T-Shirts;
            Novelty Socks = Novelty > Clothing > Socks; Uniform Scrub Top = Uniforms, Work & Safety > Clothing > Medical > Scrub Tops
            """),
        ("Luggage & Travel Gear", """
            Carry-On Suitcase = Luggage > Carry-Ons; Checked Suitcase = Luggage > Suitcases; Laptop Backpack = Backpacks > Laptop Backpacks;
            Duffel Bag = Travel Duffels; Packing Cubes = Travel Accessories > Packing Organizers > Packing Cubes;
            Luggage Tag = Travel Accessories > Luggage Tags
            """),
        ("Shoe, Jewelry & Watch Accessories", """
            Shoe Insoles = Shoe Care & Accessories > Insoles; Shoe Polish = Shoe Care & Accessories > Shoe Care > Polishes;
            Watch Band = Watch Accessories > Watch Bands; Jewelry Box = Jewelry Accessories > Jewelry Boxes & Organizers > Jewelry Boxes
            """),
        ("Sports & Outdoors", """
            Cycling Jersey = Cycling > Clothing > Men > Jerseys; Hiking Boot = Outdoor Recreation > Hiking > Footwear;
            Yoga Pants = Exercise & Fitness > Yoga > Clothing > Pants
            """),
        ("Traditional & Cultural Wear", """
            Kimono Robe = Asia & Pacific Islands > Japan > Kimonos; Dirndl Dress = Europe > Germany > Dirndls
            """),
    ];

    private static readonly string[] Brands =
    [
        "Maple &amp; Thread", "Northbound", "Léa Couture", "Harbor Lane", "O'Keefe Outfitters", "Stitchworks", "Bluebell",
        "Cobalt Athletics", "Söderberg", "Ridgeway", "Juniper Row", "Velvet Fox", "Tidewater", "Kensington Co", "Marigold",
        "Trailhead", "Silver Lark", "Copperfield", "Nimbus Footwear", "Rosé &amp; Ivy", "Baxter's", "Azure Coast",
        "Grayson", "Wildflower", "Ironclad Work", "Petal", "Atlas Travel", "Starling", "Hazel &amp; Finch", "Quill",
    ];

    private static readonly string[] Adjectives =
    [
        "Classic", "Slim Fit", "Relaxed Fit", "Black", "Navy", "White", "Heather Gray", "Burgundy", "Floral", "Striped",
        "Cotton", "Linen", "Leather", "Faux Leather", "Sterling Silver", "Stretch", "Vintage", "Plus Size", "Petite",
        "Lightweight", "Waterproof", "Pack of 3", "Organic Cotton", "Sleeveless", "Long Sleeve",
    ];

    /// <summary>The vocabulary (built once, after the tables above: static initialisers run in text order).</summary>
    public static SampleVocabulary Vocabulary { get; } = Build();

    private static SampleVocabulary Build()
    {
        var subcategories = Departments.Select(d =>
        {
            var entries = d.Products.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(e => e.Split('=', 2, StringSplitOptions.TrimEntries)).ToArray();
            return new SampleSubcategory(d.Name, entries.Select(e => e[1]).ToArray(), entries.Select(e => e[0]).ToArray())
            {
                PathPerNoun = true,
            };
        }).ToArray();
        return new SampleVocabulary("Clothing, Shoes & Jewelry", subcategories, Brands, Adjectives);
    }
}
