//! The sample's vocabulary: product families and their product lines,
//! supplier profiles and locations. Plain data, so the demo reads like a real
//! distributor's catalogue; `catalog` turns it into SKUs, suppliers and offers.
//!
//! Each product line carries what a buyer would know about it: a typical
//! standard cost, how many units the main warehouse moves on an ordinary day,
//! its case size, and the shape its demand usually takes (a sunscreen is
//! seasonal, a bearing is intermittent, a USB-C cable is growing).

use crate::model::{Approval, ChargeBasis, SupplyRisk};

/// How a line's demand behaves over time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Shape {
    /// Steady around a level, with weekday rhythm and noise.
    Smooth,
    /// A yearly cycle peaking on day-of-year `peak` (0-based); `strength` 1–3.
    Seasonal { peak: u16, strength: u8 },
    /// Growing year on year.
    Up,
    /// Shrinking year on year.
    Down,
    /// Intermittent: most days nothing, now and then an order of a few units.
    Lumpy,
    /// Sold on regular promotions that lift demand several-fold.
    Promo,
}

/// Life-cycle events that give the planner its edge cases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Special {
    None,
    /// Delisted some months ago; leftover stock remains.
    Discontinued,
    /// Still stocked, but no supplier lists it any more.
    NoOffer,
    /// Launched `days_ago` days before today; negative means it launches
    /// after today, so it has no history at all.
    Launch {
        days_ago: i32,
    },
}

/// What a line is bought in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Buy {
    /// Cases of `pack` units.
    Case,
    /// Single units.
    Each,
    /// Pallets of `pack` units.
    Pallet,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Line {
    pub name: &'static str,
    /// Appended to the name, one SKU each; `""` for a line with one SKU.
    pub variants: &'static [&'static str],
    /// Standard cost of the first variant, in euro cents.
    pub cost_cents: u32,
    /// Cost increase per later variant, in percent of the first.
    pub cost_step_pct: u32,
    /// Typical units a day at the main warehouse.
    pub rate: f64,
    pub pack: u32,
    pub buy: Buy,
    pub unit: &'static str,
    pub shape: Shape,
    pub shelf_life_days: Option<u32>,
    pub regulated: bool,
    pub critical: bool,
    /// Bulky: importers charge extra freight per unit.
    pub heavy: bool,
    /// Zero import duty (chargers, electronics under ITA).
    pub duty_free: bool,
    pub special: Special,
}

const fn l(
    name: &'static str,
    variants: &'static [&'static str],
    cost_cents: u32,
    rate: f64,
    pack: u32,
    shape: Shape,
) -> Line {
    Line {
        name,
        variants,
        cost_cents,
        cost_step_pct: 20,
        rate,
        pack,
        buy: Buy::Case,
        unit: "each",
        shape,
        shelf_life_days: None,
        regulated: false,
        critical: false,
        heavy: false,
        duty_free: false,
        special: Special::None,
    }
}

impl Line {
    const fn shelf(mut self, days: u32) -> Self {
        self.shelf_life_days = Some(days);
        self
    }
    const fn regulated(mut self) -> Self {
        self.regulated = true;
        self
    }
    const fn critical(mut self) -> Self {
        self.critical = true;
        self
    }
    const fn each(mut self) -> Self {
        self.buy = Buy::Each;
        self.pack = 1;
        self
    }
    const fn pallet(mut self) -> Self {
        self.buy = Buy::Pallet;
        self
    }
    const fn step(mut self, pct: u32) -> Self {
        self.cost_step_pct = pct;
        self
    }
    const fn heavy(mut self) -> Self {
        self.heavy = true;
        self
    }
    const fn duty_free(mut self) -> Self {
        self.duty_free = true;
        self
    }
    const fn special(mut self, special: Special) -> Self {
        self.special = special;
        self
    }
    const fn unit(mut self, unit: &'static str) -> Self {
        self.unit = unit;
        self
    }

    /// The SKU name of one variant.
    pub(super) fn sku_name(&self, variant: usize) -> String {
        match self.variants.get(variant) {
            Some(v) if !v.is_empty() => format!("{} {}", self.name, v),
            _ => self.name.to_owned(),
        }
    }
}

const SMOOTH: Shape = Shape::Smooth;
const UP: Shape = Shape::Up;
const DOWN: Shape = Shape::Down;
const LUMPY: Shape = Shape::Lumpy;
const PROMO: Shape = Shape::Promo;
const fn seasonal(peak: u16, strength: u8) -> Shape {
    Shape::Seasonal { peak, strength }
}
// Peaks as 0-based days of the year.
const WINTER: u16 = 14; // mid-January: flu season, hot drinks
const EASTER: u16 = 90;
const SUMMER: u16 = 190; // mid-July
const SCHOOL: u16 = 243; // 1 September
const PEAK_SHIPPING: u16 = 328; // late November
const CHRISTMAS: u16 = 343; // mid-December

pub(super) struct Family {
    pub name: &'static str,
    /// Sold mainly to businesses (weekday orders) rather than consumers.
    pub b2b: bool,
    pub lines: &'static [Line],
}

pub(super) const FAMILIES: [Family; 8] = [
    Family {
        name: "Packaging",
        b2b: true,
        lines: &[
            l(
                "Kraft mailer box",
                &["20×15×5 cm", "30×20×10 cm", "40×30×15 cm", "50×40×20 cm", "60×40×40 cm"],
                42,
                60.0,
                50,
                SMOOTH,
            )
            .step(35),
            l(
                "Padded envelope",
                &["C5 (229×162 mm)", "C4 (324×229 mm)", "D1 (180×260 mm)", "A3 (330×445 mm)"],
                21,
                70.0,
                100,
                SMOOTH,
            ),
            l(
                "Packing tape",
                &["brown 48 mm × 66 m", "clear 48 mm × 66 m", "printed FRAGILE 48 mm × 66 m", "paper 50 mm × 50 m"],
                110,
                30.0,
                36,
                SMOOTH,
            )
            .step(10),
            l("Compostable mailer bag", &["S 250×350 mm", "M 350×450 mm"], 32, 25.0, 100, SMOOTH)
                .special(Special::Launch { days_ago: -12 }),
            l(
                "Stretch film",
                &["500 mm × 300 m, 23 µm", "500 mm × 270 m, 17 µm", "100 mm × 150 m mini roll"],
                850,
                5.0,
                6,
                SMOOTH,
            )
            .heavy(),
            l("Bubble wrap roll", &["50 cm × 100 m", "100 cm × 100 m"], 1420, 2.0, 1, seasonal(PEAK_SHIPPING, 1))
                .each()
                .heavy(),
            l("Double-wall carton", &["30×30×30 cm", "40×40×40 cm", "60×40×40 cm"], 95, 25.0, 20, SMOOTH)
                .step(40)
                .heavy(),
            l("Shipping label 100×150 mm", &["roll of 500", "fanfold of 1,000"], 640, 8.0, 12, SMOOTH),
            l("Void-fill paper roll", &["450 m", "1,000 m"], 1900, 3.0, 1, seasonal(PEAK_SHIPPING, 1)).each().heavy(),
            l("Pallet corner protector", &["35×35×1000 mm", "50×50×1200 mm"], 28, 2.5, 100, LUMPY),
            l("Euro pallet 1200×800 mm (EPAL)", &[""], 1450, 4.0, 1, SMOOTH).each().heavy(),
            l("Gift box with lid", &["small", "medium", "large"], 65, 6.0, 50, seasonal(CHRISTMAS, 3)),
            l("Strapping band", &["PP 12 mm × 2,000 m", "PET 16 mm × 1,500 m"], 2350, 1.2, 1, SMOOTH).each().heavy(),
            l("Tissue paper sheet 50×75 cm, ream of 480", &[""], 1150, 1.5, 6, seasonal(CHRISTMAS, 2)),
            l("Cardboard mailing tube", &["50 mm × 630 mm", "80 mm × 1,000 mm"], 48, 4.0, 50, LUMPY),
        ],
    },
    Family {
        name: "Cleaning supplies",
        b2b: true,
        lines: &[
            l("All-purpose cleaner", &["750 ml spray", "5 l refill"], 210, 15.0, 12, SMOOTH).step(180),
            l("Disinfectant surface spray", &["750 ml", "5 l"], 380, 8.0, 12, seasonal(WINTER, 2))
                .step(200)
                .regulated(),
            l("Nitrile gloves, box of 100, size", &["S", "M", "L", "XL"], 690, 12.0, 10, SMOOTH).step(0).regulated(),
            l("Paper towel", &["2-ply roll 2 × 150 m", "interfold, 4,000 sheets"], 1200, 10.0, 6, SMOOTH),
            l("Bin liner", &["60 l, roll of 50", "120 l, roll of 25", "240 l, roll of 10"], 240, 20.0, 20, SMOOTH),
            l("Chlorine bleach 1 l", &[""], 130, 9.0, 12, DOWN),
            l("Microfibre cloth 40×40 cm, pack of 10,", &["blue", "red", "green", "yellow"], 550, 6.0, 12, SMOOTH)
                .step(0),
            l("Floor cleaner concentrate", &["1 l", "10 l canister"], 420, 5.0, 6, SMOOTH).step(600),
            l("Hand soap refill", &["500 ml", "5 l"], 320, 10.0, 12, seasonal(WINTER, 1)).step(450),
            l("Dishwasher tablets, box of 100", &[""], 1400, 4.0, 6, SMOOTH),
            l("Toilet paper 3-ply, pack of 8", &[""], 360, 25.0, 6, SMOOTH),
            l("Descaler", &["1 l", "5 l"], 600, 0.4, 12, LUMPY).step(300),
            l("Mop head, cotton 400 g", &[""], 480, 0.5, 10, LUMPY),
            l("Spill kit for oils, 50 l", &[""], 8900, 0.05, 1, LUMPY).each().critical(),
            l("Glass cleaner 750 ml", &[""], 230, 6.0, 12, SMOOTH),
            l("Eco all-purpose cleaner 1 l", &[""], 350, 6.0, 12, UP),
            l("Scouring sponge, pack of 10", &[""], 290, 8.0, 24, SMOOTH),
            l("Antibacterial wipes, tub of 100", &[""], 460, 7.0, 12, seasonal(WINTER, 2)).regulated(),
            l("Wet floor warning sign", &[""], 1890, 0.08, 1, LUMPY).each(),
            l("Dust mop refill 60 cm", &[""], 720, 1.0, 10, SMOOTH),
            l("Air freshener refill 250 ml", &["citrus", "lavender"], 390, 4.0, 12, SMOOTH).step(0),
            l("Degreaser 5 l", &[""], 1650, 1.5, 4, SMOOTH),
            l("Urinal screen, pack of 10", &[""], 1250, 0.8, 6, SMOOTH),
            l("Cleaning trolley bag 120 l", &[""], 1490, 0.15, 1, LUMPY).each(),
        ],
    },
    Family {
        name: "Coffee & tea",
        b2b: true,
        lines: &[
            l(
                "Coffee beans",
                &[
                    "Espresso blend 1 kg",
                    "House blend 1 kg",
                    "Decaf 1 kg",
                    "Colombia Supremo 1 kg",
                    "Ethiopia Sidamo 1 kg",
                    "Organic Fairtrade 1 kg",
                    "Guatemala Antigua 1 kg",
                    "Brazil Santos 1 kg",
                ],
                1450,
                12.0,
                6,
                SMOOTH,
            )
            .step(6)
            .shelf(365),
            l("Fresh whole milk 1 l", &[""], 115, 30.0, 12, SMOOTH).shelf(12).regulated(),
            l("Coffee capsules, box of 50,", &["lungo", "espresso", "decaf"], 1300, 10.0, 10, UP).step(0).shelf(365),
            l(
                "Tea bags, box of 100,",
                &["English breakfast", "Earl Grey", "green", "peppermint", "chamomile", "rooibos"],
                450,
                6.0,
                12,
                seasonal(WINTER, 1),
            )
            .step(5)
            .shelf(540),
            l("Oat milk barista 1 l", &[""], 220, 12.0, 6, UP).shelf(240),
            l("Ground coffee", &["filter 500 g", "espresso 250 g"], 580, 8.0, 12, SMOOTH).step(0).shelf(270),
            l("Fresh orange juice 1 l", &[""], 290, 10.0, 6, SMOOTH).shelf(9).regulated(),
            l("Hot chocolate powder 1 kg", &[""], 990, 3.0, 6, seasonal(WINTER, 2)).shelf(365),
            l("Iced tea concentrate 1 l", &[""], 650, 2.5, 6, seasonal(SUMMER, 2)).shelf(180),
            l("Sugar sticks 4 g, box of 1,000", &[""], 950, 2.0, 6, SMOOTH).shelf(730),
            l("Coffee creamer portions, box of 200", &[""], 800, 3.0, 6, SMOOTH).shelf(120),
            l("Lactose-free milk 1 l", &[""], 165, 6.0, 12, SMOOTH).shelf(21).regulated(),
            l("Paper cup 8 oz, sleeve of 50", &[""], 260, 20.0, 20, SMOOTH),
            l("Wooden stirrers, box of 1,000", &[""], 320, 3.0, 10, SMOOTH),
            l("Coffee machine cleaning tablets, tub of 100", &[""], 1900, 0.3, 6, LUMPY),
            l("Soluble coffee 200 g", &[""], 690, 2.0, 12, DOWN).shelf(540),
            l("Whole-leaf tea tin 100 g", &["sencha", "darjeeling", "jasmine"], 740, 1.0, 6, seasonal(WINTER, 1))
                .step(10)
                .shelf(540),
            l("Chai latte powder 1 kg", &[""], 1290, 1.5, 6, seasonal(WINTER, 1)).shelf(365),
            l("Honey portions, box of 100", &[""], 1450, 1.0, 6, SMOOTH).shelf(730),
            l("Biscotti, individually wrapped, box of 200", &[""], 2450, 1.2, 4, SMOOTH).shelf(180),
            l("Matcha powder 100 g", &[""], 1690, 1.5, 6, UP).shelf(365),
            l("Coffee filter papers No. 4, box of 100", &[""], 210, 3.0, 24, SMOOTH),
        ],
    },
    Family {
        name: "Office paper",
        b2b: true,
        lines: &[
            l(
                "Copy paper A4",
                &[
                    "80 g/m² white, ream of 500",
                    "80 g/m² recycled, ream of 500",
                    "90 g/m² premium, ream of 500",
                    "160 g/m² card, pack of 250",
                ],
                420,
                50.0,
                5,
                SMOOTH,
            )
            .step(25),
            l("Copy paper A3 80 g/m², ream of 500", &[""], 890, 5.0, 5, SMOOTH),
            l("Coloured paper A4 80 g/m², ream of 500,", &["yellow", "blue", "green", "pink"], 650, 0.6, 5, LUMPY)
                .step(0),
            l("Notepad", &["A4 ruled, 80 sheets", "A5 squared, 80 sheets"], 130, 10.0, 10, seasonal(SCHOOL, 2)).step(0),
            l("Sticky notes 76×76 mm, pad of 100,", &["yellow", "neon assorted"], 85, 20.0, 12, SMOOTH).step(15),
            l(
                "Envelope",
                &["C5 window, box of 500", "DL window, box of 1,000", "C4 plain, box of 250", "C6 kraft, box of 1,000"],
                1900,
                1.5,
                1,
                SMOOTH,
            )
            .each(),
            l(
                "Toner cartridge",
                &[
                    "HP 59A black",
                    "HP 59X black",
                    "Brother TN-2420",
                    "Canon 057H",
                    "Kyocera TK-5240 cyan",
                    "Kyocera TK-5240 black",
                ],
                8500,
                0.6,
                1,
                LUMPY,
            )
            .each()
            .step(12),
            l("Ballpoint pen, box of 50,", &["blue", "black", "red"], 900, 3.0, 10, SMOOTH).step(0),
            l("Lever arch file A4 80 mm", &["black", "blue", "red"], 240, 8.0, 10, seasonal(WINTER, 1)).step(0),
            l("Thermal till roll 80×80 mm, box of 50", &[""], 1800, 2.0, 1, SMOOTH).each(),
            l("Whiteboard marker, set of 4", &[""], 450, 4.0, 10, SMOOTH),
            l("Wall planner, year view", &[""], 790, 1.0, 10, seasonal(CHRISTMAS, 3)),
            l("Continuous form paper 240 mm, box of 2,000", &[""], 3200, 0.8, 1, DOWN).each(),
            l("Label sheet A4, 24 per sheet, box of 100", &[""], 1550, 1.5, 5, SMOOTH),
            l("Laminating pouch A4 125 µm, box of 100", &[""], 1250, 0.5, 10, LUMPY),
            l("Staples 24/6, box of 1,000", &[""], 95, 6.0, 20, SMOOTH),
            l("Paper clips 32 mm, box of 100", &[""], 60, 5.0, 50, SMOOTH),
            l("Hanging file folder A4, box of 25", &[""], 1450, 1.0, 4, seasonal(WINTER, 1)),
            l("Correction tape 5 mm", &[""], 210, 4.0, 10, seasonal(SCHOOL, 1)),
        ],
    },
    Family {
        name: "Spare parts",
        b2b: true,
        lines: &[
            l("Deep-groove ball bearing", &["6204-2RS", "6205-2RS", "6305-2RS", "6206-ZZ"], 650, 0.3, 1, LUMPY)
                .each()
                .step(30),
            l("V-belt", &["SPA 1250", "SPA 1400", "SPZ 1000", "XPB 1800"], 1100, 0.15, 1, LUMPY).each().step(15),
            l("Gearbox seal kit, legacy model", &[""], 5400, 0.04, 1, LUMPY).each().special(Special::NoOffer),
            l("Inductive proximity sensor M12", &["PNP NO", "NPN NO"], 3800, 0.12, 1, LUMPY).each().step(0).critical(),
            l("Conveyor roller 50 × 600 mm", &["zinc-plated", "stainless"], 2400, 0.2, 1, LUMPY).each().step(80),
            l("Hydraulic filter element", &["10 µm", "25 µm"], 4600, 0.2, 1, LUMPY).each().step(0),
            l("Drive motor 0.75 kW IE3", &[""], 38500, 0.02, 1, LUMPY).each().critical().heavy(),
            l("Pneumatic cylinder ISO 15552", &["32×100", "50×200"], 7200, 0.06, 1, LUMPY).each().step(60).critical(),
            l("Contactor 3-pole 24 V DC", &["9 A", "18 A"], 2900, 0.1, 1, LUMPY).each().step(35),
            l("Cartridge fuse 10×38 mm, pack of 10,", &["2 A", "10 A", "16 A"], 820, 0.4, 1, LUMPY).each().step(0),
            l("Safety light curtain 30 mm, 900 mm", &[""], 38900, 0.01, 1, LUMPY).each().critical(),
            l("Timing belt", &["HTD 8M-1200-30", "HTD 5M-800-15"], 3400, 0.08, 1, LUMPY).each().step(0),
            l("Lithium grease EP2, cartridge 400 g", &[""], 560, 1.0, 12, SMOOTH),
            l("Emergency stop push button", &[""], 3100, 0.05, 1, LUMPY).each().critical(),
            l("Cable tie 200×4.8 mm black, bag of 100", &[""], 320, 2.0, 10, SMOOTH),
            l("Hex bolt A2 stainless, box of 100,", &["M8×30", "M10×40", "M12×50"], 1200, 0.5, 1, LUMPY)
                .each()
                .step(45),
            l("Frequency inverter 1.5 kW", &[""], 34500, 0.01, 1, LUMPY).each().critical().duty_free(),
            l("Shaft coupling", &["19 mm", "24 mm"], 2700, 0.05, 1, LUMPY).each().step(25),
            l("O-ring kit, 382 pieces", &[""], 3900, 0.1, 1, LUMPY).each(),
            l("LED machine lamp 24 V", &[""], 6800, 0.04, 1, LUMPY).each(),
            l("Solenoid valve 5/2 G1/4", &[""], 5900, 0.06, 1, LUMPY).each().critical(),
            l("Limit switch, roller lever", &[""], 2300, 0.07, 1, LUMPY).each(),
        ],
    },
    Family {
        name: "Snacks",
        b2b: false,
        lines: &[
            l(
                "Granola bar, box of 24,",
                &["honey almond", "dark chocolate", "apple cinnamon", "peanut"],
                1150,
                8.0,
                6,
                PROMO,
            )
            .step(0)
            .shelf(270),
            l("Salted crisps 40 g, box of 30,", &["sea salt", "paprika", "sour cream"], 1020, 7.0, 6, PROMO)
                .step(0)
                .shelf(180),
            l("Dark chocolate bar 100 g", &["70 %", "85 %", "orange"], 160, 15.0, 24, PROMO).step(5).shelf(365),
            l("Christmas biscuit tin 500 g", &[""], 690, 4.0, 6, seasonal(CHRISTMAS, 3)).shelf(270),
            l("Mixed nuts 150 g", &["salted", "unsalted"], 290, 10.0, 12, SMOOTH).step(0).shelf(240),
            l("Fresh fruit box 5 kg", &[""], 1800, 3.0, 1, SMOOTH).each().shelf(7).regulated(),
            l("Sparkling water 500 ml, case of 24", &[""], 620, 18.0, 60, seasonal(SUMMER, 1))
                .pallet()
                .unit("case")
                .shelf(365),
            l("Iced tea 330 ml can, tray of 24,", &["peach", "lemon"], 1150, 6.0, 4, seasonal(SUMMER, 2))
                .step(0)
                .unit("tray")
                .shelf(270),
            l("Protein bar 60 g", &["chocolate", "vanilla", "berry"], 140, 10.0, 24, UP).step(0).shelf(300),
            l("Gingerbread hearts 200 g", &[""], 290, 3.0, 12, seasonal(CHRISTMAS, 3)).shelf(180),
            l("Easter chocolate eggs 150 g", &[""], 390, 3.0, 12, seasonal(EASTER, 3)).shelf(240),
            l("Dried mango 100 g", &[""], 260, 5.0, 12, PROMO).shelf(365),
            l("Rice cakes 130 g", &["plain", "dark chocolate"], 150, 6.0, 12, SMOOTH).step(40).shelf(300),
            l("Energy drink 250 ml, tray of 24", &[""], 1890, 3.0, 4, PROMO).unit("tray").shelf(365),
            l("Fresh sandwich wrap", &["chicken", "falafel"], 320, 8.0, 6, SMOOTH).step(0).shelf(5).regulated(),
            l("Yoghurt drink 250 ml", &[""], 95, 12.0, 12, SMOOTH).shelf(21).regulated(),
            l("Popcorn 90 g", &["salted", "caramel"], 140, 8.0, 24, PROMO).step(10).shelf(240),
            l("Licorice wheels 200 g", &[""], 210, 3.0, 12, SMOOTH).shelf(365),
            l("Gummy bears 200 g", &["original", "sour"], 180, 7.0, 12, PROMO).step(0).shelf(365),
            l("Pretzel sticks 175 g", &[""], 120, 6.0, 24, SMOOTH).shelf(240),
            l("Trail mix 200 g", &[""], 340, 4.0, 12, SMOOTH).shelf(240),
            l("Oat cookies 150 g", &["classic", "chocolate chip"], 170, 6.0, 12, PROMO).step(10).shelf(180),
        ],
    },
    Family {
        name: "Personal care",
        b2b: false,
        lines: &[
            l(
                "Hand sanitiser gel 70 % alcohol",
                &["100 ml", "500 ml pump", "5 l refill"],
                190,
                12.0,
                24,
                seasonal(WINTER, 2),
            )
            .step(300)
            .shelf(730)
            .regulated(),
            l("Sunscreen SPF 50, 200 ml", &["adult", "kids"], 890, 5.0, 12, seasonal(SUMMER, 3))
                .step(10)
                .shelf(540)
                .regulated(),
            l("Shampoo 250 ml", &["normal hair", "anti-dandruff", "sensitive"], 240, 8.0, 12, PROMO).step(15),
            l("Plasters, assorted, box of 100", &[""], 420, 6.0, 24, SMOOTH).regulated().critical().shelf(1095),
            l("Solid shampoo bar 60 g", &[""], 690, 3.0, 12, SMOOTH).special(Special::Launch { days_ago: -6 }),
            l("Toothpaste 75 ml", &["fluoride", "whitening", "sensitive"], 150, 14.0, 12, SMOOTH).step(20).shelf(730),
            l("FFP2 face mask, box of 20", &[""], 790, 6.0, 20, DOWN).regulated().critical().shelf(1095),
            l("Shower gel 250 ml", &["citrus", "unscented"], 210, 9.0, 12, PROMO).step(0),
            l("Toothbrush", &["medium", "soft"], 110, 10.0, 12, SMOOTH).step(0),
            l("Deodorant roll-on 50 ml", &["men", "women"], 230, 8.0, 12, PROMO).step(0),
            l("First-aid kit DIN 13157", &[""], 3200, 0.15, 1, LUMPY).each().regulated().critical().shelf(1460),
            l("Eye wash bottle 500 ml", &[""], 1150, 0.1, 6, LUMPY).regulated().critical().shelf(730),
            l("Disposable razor, pack of 5", &[""], 290, 5.0, 12, SMOOTH),
            l("Insect repellent 100 ml", &[""], 640, 3.0, 12, seasonal(SUMMER, 3)).regulated(),
            l("Hand cream 75 ml", &[""], 320, 5.0, 12, seasonal(WINTER, 1)),
            l("Lip balm SPF 15", &[""], 199, 6.0, 24, SMOOTH),
            l("Cotton pads, pack of 80", &[""], 120, 7.0, 24, SMOOTH),
            l("Sanitary pads, pack of 16,", &["regular", "night"], 230, 6.0, 12, SMOOTH).step(15),
            l("Facial tissues, box of 100", &[""], 150, 12.0, 24, seasonal(WINTER, 2)),
            l("Wet wipes, pack of 72", &[""], 180, 9.0, 12, SMOOTH),
            l("Bamboo toothbrush", &[""], 280, 4.0, 12, UP),
            l("Cotton buds, pack of 200", &[""], 110, 6.0, 24, SMOOTH),
            l("Body lotion 400 ml", &[""], 480, 4.0, 12, PROMO),
            l("Conditioner 250 ml", &["classic", "repair"], 260, 5.0, 12, PROMO).step(10),
            l("Aftersun lotion 200 ml", &[""], 690, 2.5, 12, seasonal(SUMMER, 3)),
            l("Ear plugs, 10 pairs", &[""], 350, 2.0, 24, SMOOTH),
        ],
    },
    Family {
        name: "Cables & adapters",
        b2b: false,
        lines: &[
            l("USB-C to USB-C cable", &["1 m", "2 m", "braided 1 m"], 650, 12.0, 10, UP).step(25),
            l("VGA cable", &["1.8 m", "3 m"], 420, 2.0, 10, DOWN).step(20).special(Special::Discontinued),
            l("USB-C to HDMI adapter 4K", &[""], 1400, 5.0, 10, UP),
            l("HDMI 2.0 cable", &["1 m", "2 m", "5 m"], 550, 8.0, 10, SMOOTH).step(40),
            l("USB-C docking station, 8 ports", &[""], 8900, 1.5, 1, SMOOTH)
                .each()
                .special(Special::Launch { days_ago: 48 }),
            l("Lightning to USB-A cable 1 m", &[""], 700, 5.0, 10, DOWN),
            l("Ethernet patch cable Cat 6", &["0.5 m", "1 m", "2 m", "5 m", "10 m"], 190, 10.0, 25, SMOOTH).step(45),
            l("Power strip, 6 sockets with switch,", &["1.5 m", "3 m"], 1100, 4.0, 6, SMOOTH)
                .step(15)
                .heavy()
                .regulated(),
            l("USB-C charger", &["30 W", "65 W GaN", "100 W GaN"], 1800, 5.0, 10, UP).step(60).duty_free().regulated(),
            l("Extension cable 230 V", &["5 m", "10 m"], 950, 2.0, 6, SMOOTH).step(50).heavy(),
            l("USB memory stick 64 GB", &[""], 690, 3.0, 20, DOWN).duty_free(),
            l("DisplayPort cable 2 m", &[""], 890, 2.0, 10, SMOOTH),
            l("Wireless mouse", &["standard", "ergonomic"], 1290, 4.0, 10, PROMO).step(90).duty_free(),
            l("AA alkaline battery, pack of 4", &[""], 399, 10.0, 24, seasonal(CHRISTMAS, 1)).regulated(),
            l("Cable reel 25 m", &[""], 3400, 0.2, 1, LUMPY).each().heavy(),
            l("Travel adapter EU to UK", &[""], 590, 2.0, 20, seasonal(SUMMER, 2)),
            l("Webcam 1080p", &[""], 3900, 1.5, 1, DOWN).each().duty_free(),
            l("USB keyboard, German layout", &["wired", "wireless"], 1590, 3.0, 5, SMOOTH).step(70).duty_free(),
            l("USB hub, 4 ports, USB 3.0", &[""], 1490, 2.0, 10, SMOOTH),
            l("USB headset with microphone", &[""], 2900, 1.5, 5, SMOOTH).duty_free(),
            l("AAA alkaline battery, pack of 4", &[""], 389, 8.0, 24, seasonal(CHRISTMAS, 1)).regulated(),
            l("HDMI switch, 3 in 1 out", &[""], 2200, 0.4, 5, LUMPY),
            l("Laptop security cable lock", &[""], 2400, 0.5, 5, LUMPY),
            l("USB-C to USB-A adapter", &[""], 350, 6.0, 20, UP),
        ],
    },
];

/// How a supplier's deliveries compare with its promises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Reliability {
    Reliable,
    /// Usually late, by a widely varying number of days, and short more often.
    Unreliable,
}

/// A supplier's contract with us, if any, and what makes it notable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ContractRole {
    None,
    Standard,
    /// Ends within about five weeks of today.
    Expiring,
    /// Its price review falls within the next three weeks.
    ReviewDue,
}

pub(super) struct SupplierProfile {
    pub code: &'static str,
    pub name: &'static str,
    /// Prefix of the supplier's own item codes.
    pub item_prefix: &'static str,
    pub currency: &'static str,
    pub approval: Approval,
    pub risk: SupplyRisk,
    /// Indices into `FAMILIES`.
    pub families: &'static [usize],
    pub lead_time_days: u32,
    /// Weekdays orders are placed on, Monday = bit 0.
    pub order_weekdays: u8,
    pub reliability: Reliability,
    /// Price level against our standard cost, in percent.
    pub price_level_pct: u32,
    pub net_days: u32,
    /// Early-payment discount: (percent in tenths, within days).
    pub early_discount: Option<(u32, u32)>,
    /// Landed-cost terms, in the supplier's currency: cents per order and per
    /// unit, percentages in tenths of a percent.
    pub freight_per_order_cents: i64,
    pub freight_per_unit_cents: i64,
    pub insurance_tenths_pct: i64,
    pub duty_tenths_pct: i64,
    pub cif: bool,
    pub tax_pct: i64,
    pub handling_per_unit_cents: i64,
    /// What the per-order freight is spread over across an order's lines.
    pub charge_basis: ChargeBasis,
    pub min_order_value: Option<i64>,
    pub free_freight_threshold: Option<i64>,
    /// The lead-time standard deviation the supplier states, in tenths of a day.
    pub stated_sd_tenths: Option<u32>,
    pub contract: ContractRole,
}

const WEEKDAYS: u8 = 0b001_1111;
const MON_WED_FRI: u8 = 0b001_0101;
const MON_THU: u8 = 0b000_1001;
const MON_WED: u8 = 0b000_0101;
const TUE_FRI: u8 = 0b001_0010;
const MONDAY: u8 = 0b000_0001;
const TUESDAY: u8 = 0b000_0010;
const WEDNESDAY: u8 = 0b000_0100;

// Family indices, in `FAMILIES` order.
const PACKAGING: usize = 0;
const CLEANING: usize = 1;
const COFFEE: usize = 2;
const PAPER: usize = 3;
const PARTS: usize = 4;
const SNACKS: usize = 5;
const CARE: usize = 6;
const CABLES: usize = 7;

const fn supplier(
    code: &'static str,
    name: &'static str,
    item_prefix: &'static str,
    families: &'static [usize],
) -> SupplierProfile {
    SupplierProfile {
        code,
        name,
        item_prefix,
        currency: "EUR",
        approval: Approval::Approved,
        risk: SupplyRisk::Low,
        families,
        lead_time_days: 4,
        order_weekdays: WEEKDAYS,
        reliability: Reliability::Reliable,
        price_level_pct: 100,
        net_days: 30,
        early_discount: None,
        freight_per_order_cents: 3_500,
        freight_per_unit_cents: 0,
        insurance_tenths_pct: 0,
        duty_tenths_pct: 0,
        cif: false,
        tax_pct: 0,
        handling_per_unit_cents: 0,
        charge_basis: ChargeBasis::Value,
        min_order_value: None,
        free_freight_threshold: Some(750),
        stated_sd_tenths: Some(10),
        contract: ContractRole::None,
    }
}

pub(super) const SUPPLIERS: [SupplierProfile; 12] = [
    SupplierProfile {
        order_weekdays: MON_THU,
        approval: Approval::Preferred,
        price_level_pct: 98,
        early_discount: Some((20, 10)),
        free_freight_threshold: Some(500),
        contract: ContractRole::ReviewDue,
        ..supplier("NORDPACK", "Nordpack Verpackungen GmbH", "NP-", &[PACKAGING])
    },
    SupplierProfile {
        order_weekdays: TUESDAY,
        lead_time_days: 3,
        price_level_pct: 101,
        freight_per_order_cents: 2_900,
        // Cartons and reams: the haulier bills by weight, and so does Boxline.
        charge_basis: ChargeBasis::Weight,
        ..supplier("BOXLINE", "Boxline Packaging B.V.", "BXL", &[PACKAGING, PAPER])
    },
    SupplierProfile {
        order_weekdays: MON_WED,
        approval: Approval::Preferred,
        lead_time_days: 5,
        price_level_pct: 97,
        net_days: 45,
        contract: ContractRole::Expiring,
        ..supplier("HYGIA", "Hygia Distribution S.A.", "HY", &[CLEANING, CARE])
    },
    SupplierProfile {
        currency: "GBP",
        risk: SupplyRisk::Medium,
        lead_time_days: 8,
        order_weekdays: MONDAY,
        price_level_pct: 93,
        freight_per_order_cents: 8_500,
        tax_pct: 21,
        free_freight_threshold: Some(1_500),
        stated_sd_tenths: Some(15),
        ..supplier("CLEANPRO", "CleanPro Hygiene Supplies Ltd", "CP/", &[CLEANING, CARE])
    },
    SupplierProfile {
        order_weekdays: MON_THU,
        approval: Approval::Preferred,
        lead_time_days: 6,
        price_level_pct: 99,
        early_discount: Some((15, 14)),
        contract: ContractRole::Standard,
        ..supplier("BEANLEAF", "Bean & Leaf Trading Co. B.V.", "BL", &[COFFEE, SNACKS])
    },
    SupplierProfile {
        order_weekdays: WEDNESDAY,
        approval: Approval::Preferred,
        price_level_pct: 97,
        net_days: 60,
        contract: ContractRole::Standard,
        ..supplier("PAPYRUS", "Papyrus Office Supplies S.L.", "PAP", &[PAPER, CABLES])
    },
    SupplierProfile {
        lead_time_days: 2,
        price_level_pct: 108,
        freight_per_order_cents: 1_500,
        free_freight_threshold: Some(150),
        net_days: 14,
        ..supplier("OFFICEWORLD", "Officeworld Direct GmbH", "OW", &[PAPER, CABLES, CLEANING, COFFEE])
    },
    SupplierProfile {
        currency: "GBP",
        approval: Approval::Preferred,
        risk: SupplyRisk::Medium,
        lead_time_days: 10,
        order_weekdays: MON_THU,
        freight_per_order_cents: 6_000,
        tax_pct: 21,
        min_order_value: Some(150),
        free_freight_threshold: None,
        stated_sd_tenths: Some(20),
        contract: ContractRole::Standard,
        ..supplier("MERIDIAN", "Meridian Industrial Parts Ltd", "MIP-", &[PARTS])
    },
    SupplierProfile {
        currency: "USD",
        risk: SupplyRisk::High,
        lead_time_days: 35,
        order_weekdays: MONDAY,
        reliability: Reliability::Unreliable,
        price_level_pct: 74,
        freight_per_order_cents: 0,
        freight_per_unit_cents: 12,
        insurance_tenths_pct: 5,
        duty_tenths_pct: 37,
        cif: true,
        tax_pct: 21,
        handling_per_unit_cents: 3,
        min_order_value: Some(2_000),
        free_freight_threshold: None,
        stated_sd_tenths: Some(30),
        ..supplier("BRIGHTLINK", "Shenzhen Brightlink Electronics Co., Ltd.", "BLE", &[CABLES, PARTS])
    },
    SupplierProfile {
        order_weekdays: MON_WED_FRI,
        approval: Approval::Preferred,
        lead_time_days: 3,
        price_level_pct: 96,
        freight_per_order_cents: 4_500,
        ..supplier("SNACKHAUS", "Snackhaus Großhandel GmbH", "SH", &[SNACKS, COFFEE])
    },
    SupplierProfile {
        order_weekdays: TUE_FRI,
        lead_time_days: 7,
        price_level_pct: 104,
        net_days: 30,
        early_discount: Some((20, 14)),
        ..supplier("TECHNIKA", "Technika Antriebstechnik GmbH", "TAT-", &[PARTS])
    },
    SupplierProfile {
        order_weekdays: MONDAY,
        approval: Approval::Restricted,
        risk: SupplyRisk::High,
        lead_time_days: 5,
        price_level_pct: 86,
        freight_per_order_cents: 2_500,
        stated_sd_tenths: None,
        ..supplier("QUICKSOURCE", "QuickSource Wholesale Ltd", "QS", &[PACKAGING, CLEANING, SNACKS, CARE, PAPER])
    },
];

pub(super) struct LocationProfile {
    pub code: &'static str,
    pub name: &'static str,
    /// Demand relative to the main warehouse, in percent.
    pub volume_pct: u32,
}

pub(super) const LOCATIONS: [LocationProfile; 3] = [
    LocationProfile { code: "AMS", name: "Amsterdam central warehouse", volume_pct: 100 },
    LocationProfile { code: "RTM", name: "Rotterdam port depot", volume_pct: 55 },
    LocationProfile { code: "EIN", name: "Eindhoven site store", volume_pct: 30 },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_family_lists_enough_products_for_the_demo_without_repeats() {
        // The demo's 300 SKUs take the first 38 products of each family.
        for family in &FAMILIES {
            let names: Vec<String> =
                family.lines.iter().flat_map(|line| (0..line.variants.len()).map(move |v| line.sku_name(v))).collect();
            assert!(names.len() >= 38, "{} has only {} products", family.name, names.len());
            let mut unique = names.clone();
            crate::sorting::sort_by(&mut unique, |a, b| a.cmp(b));
            unique.dedup();
            assert_eq!(unique.len(), names.len(), "{} repeats a product name", family.name);
        }
    }

    #[test]
    fn every_supplier_serves_a_real_family_and_every_family_has_a_selectable_supplier() {
        for profile in &SUPPLIERS {
            assert!(profile.families.iter().all(|&f| f < FAMILIES.len()), "{}", profile.code);
        }
        for (idx, family) in FAMILIES.iter().enumerate() {
            let selectable =
                SUPPLIERS.iter().filter(|s| s.families.contains(&idx) && s.approval.auto_selectable()).count();
            assert!(selectable >= 2, "{} has {selectable} selectable suppliers", family.name);
        }
    }
}
