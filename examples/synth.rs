//! A deterministic synthetic corpus for the benchmark (`bench/run.sh`).
//!
//! ```sh
//! cargo run --release --example synth -- --governments 1741 --out /dev/shm/corpus
//! cargo run --release --example synth -- --governments 100 --out DIR --hugo HUGO_DIR
//! ```
//!
//! Writes a complete site folder (`DIR/content/site.yaml` and one folder per government with
//! `city.yaml` and its fiscal-year files) shaped like the two sample cities: about 50 KPIs and
//! 数値目標 over four basic goals with nested measures, 再掲 listings, `also_projects` with
//! per-project `parts`, every target shape (yearly, each_year, final, cumulative with and
//! without portions and with `running_total`, period, threshold, none), every state of an
//! actual (a figure, not_measurable, not_applicable, left out), 暫定値 / 確定値, Markdown
//! commentary and activities of realistic length, two to four fiscal years, and a few cities
//! with their own computed grading scheme, and grades their committees published on an axis.
//!
//! Everything comes from a seeded PRNG written here, and government `i` depends only on the
//! seed and `i`: the corpus of 100 governments is the first 100 of the corpus of 1,741, and the
//! same arguments always give byte-identical files. About one government in 37 is a prefecture
//! (a 県 in its name and text only: the schema is the same).
//!
//! `--hugo HUGO_DIR` also writes an equivalent Hugo site from the same corpus: one Markdown
//! page per page mieruka builds (site index, accessibility, city, goal, KPI, fiscal year) with
//! the same text (names, figures, commentary, activities), and a simple layout that renders
//! each KPI's figures as a table.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage: synth --governments N --out DIR [--seed S] [--hugo HUGO_DIR] (N ≥ 1; DIR must not hold content/ yet)";

fn run() -> Result<(), String> {
    let mut governments: Option<usize> = None;
    let mut out: Option<PathBuf> = None;
    let mut hugo: Option<PathBuf> = None;
    let mut seed: u64 = 11;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .ok_or_else(|| format!("`{name}` needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--governments" => {
                let v = value("--governments")?;
                governments = Some(
                    v.parse()
                        .ok()
                        .filter(|&n: &usize| n >= 1)
                        .ok_or_else(|| format!("--governments `{v}` is not a count ≥ 1"))?,
                );
            }
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--hugo" => hugo = Some(PathBuf::from(value("--hugo")?)),
            "--seed" => {
                let v = value("--seed")?;
                seed = v
                    .parse()
                    .map_err(|_| format!("--seed `{v}` is not a whole number"))?;
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    let (Some(n), Some(out)) = (governments, out) else {
        return Err(format!("--governments and --out are required\n{USAGE}"));
    };
    println!("{}", generate(n, seed, &out, hugo.as_deref())?);
    Ok(())
}

/// Writes `n` governments (from `seed`) into `out/content`, and the equivalent Hugo site into
/// `hugo` when given; says what it wrote. Also used by the memory test (`tests/memory.rs`).
pub(crate) fn generate(
    n: usize,
    seed: u64,
    out: &Path,
    hugo: Option<&Path>,
) -> Result<String, String> {
    let content = out.join("content");
    refuse_existing(&content)?;
    if let Some(hugo) = hugo {
        refuse_existing(hugo)?;
    }

    let mut ids = HashSet::new();
    let govs: Vec<Gov> = (0..n).map(|i| Gov::generate(seed, i, &mut ids)).collect();

    write(&content.join("site.yaml"), &site_yaml(n))?;
    let mut stats = Stats::default();
    for gov in &govs {
        let dir = content.join(&gov.id);
        write(&dir.join("city.yaml"), &gov.city_yaml())?;
        for &year in &gov.years {
            write(&dir.join(format!("{year}.yaml")), &gov.year_yaml(year))?;
        }
        stats.add(gov);
    }
    if let Some(hugo) = hugo {
        write_hugo(hugo, &govs)?;
    }
    Ok(format!(
        "wrote {n} governments ({} prefectures), {} KPIs and 数値目標, {} goals, {} fiscal-year files into {}; mieruka builds about {} pages",
        stats.prefectures,
        stats.kpis,
        stats.goals,
        stats.year_files,
        content.display(),
        stats.pages(n)
    ))
}

fn refuse_existing(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        return Err(format!(
            "{} already exists: remove it first (synth writes a fresh corpus)",
            dir.display()
        ));
    }
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| format!("creating {}: {e}", parent.display()))?;
    }
    fs::write(path, text).map_err(|e| format!("writing {}: {e}", path.display()))
}

#[derive(Default)]
struct Stats {
    prefectures: usize,
    kpis: usize,
    goals: usize,
    year_files: usize,
}

impl Stats {
    fn add(&mut self, gov: &Gov) {
        self.prefectures += usize::from(gov.prefecture.is_none());
        self.kpis += gov.kpis.len();
        self.goals += gov.goals.len();
        self.year_files += gov.years.len();
    }

    /// Site index and accessibility page, then per government its overview, goals, KPIs and
    /// fiscal years.
    fn pages(&self, governments: usize) -> usize {
        2 + governments + self.goals + self.kpis + self.year_files
    }
}

// ───────────────────────────── PRNG ─────────────────────────────

/// SplitMix64: small, fast, and good enough to vary a corpus; deterministic by construction.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        let mut rng = Rng(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        rng.next();
        rng
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// 0 ≤ x < n.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// lo ≤ x ≤ hi.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }

    fn percent(&mut self, p: u64) -> bool {
        self.next() % 100 < p
    }

    fn pick_str(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A factor in per-mille, lo‰ ≤ x ≤ hi‰.
    fn scale(&mut self, value: i64, lo: i64, hi: i64) -> i64 {
        value * self.range(lo, hi) / 1000
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

// ───────────────────────────── vocabulary ─────────────────────────────

const PREFECTURES: [&str; 47] = [
    "北海道",
    "青森県",
    "岩手県",
    "宮城県",
    "秋田県",
    "山形県",
    "福島県",
    "茨城県",
    "栃木県",
    "群馬県",
    "埼玉県",
    "千葉県",
    "東京都",
    "神奈川県",
    "新潟県",
    "富山県",
    "石川県",
    "福井県",
    "山梨県",
    "長野県",
    "岐阜県",
    "静岡県",
    "愛知県",
    "三重県",
    "滋賀県",
    "京都府",
    "大阪府",
    "兵庫県",
    "奈良県",
    "和歌山県",
    "鳥取県",
    "島根県",
    "岡山県",
    "広島県",
    "山口県",
    "徳島県",
    "香川県",
    "愛媛県",
    "高知県",
    "福岡県",
    "佐賀県",
    "長崎県",
    "熊本県",
    "大分県",
    "宮崎県",
    "鹿児島県",
    "沖縄県",
];

const PREFECTURE_IDS: [&str; 47] = [
    "hokkaido",
    "aomori",
    "iwate",
    "miyagi",
    "akita",
    "yamagata",
    "fukushima",
    "ibaraki",
    "tochigi",
    "gunma",
    "saitama",
    "chiba",
    "tokyo",
    "kanagawa",
    "niigata",
    "toyama",
    "ishikawa",
    "fukui",
    "yamanashi",
    "nagano",
    "gifu",
    "shizuoka",
    "aichi",
    "mie",
    "shiga",
    "kyoto",
    "osaka",
    "hyogo",
    "nara",
    "wakayama",
    "tottori",
    "shimane",
    "okayama",
    "hiroshima",
    "yamaguchi",
    "tokushima",
    "kagawa",
    "ehime",
    "kochi",
    "fukuoka",
    "saga",
    "nagasaki",
    "kumamoto",
    "oita",
    "miyazaki",
    "kagoshima",
    "okinawa",
];

/// Syllables of place names: (kanji, reading).
const SYLLABLES: [(&str, &str); 40] = [
    ("砂", "suna"),
    ("川", "kawa"),
    ("江", "e"),
    ("別", "betsu"),
    ("北", "kita"),
    ("南", "minami"),
    ("東", "higashi"),
    ("西", "nishi"),
    ("上", "kami"),
    ("下", "shimo"),
    ("中", "naka"),
    ("山", "yama"),
    ("田", "ta"),
    ("野", "no"),
    ("原", "hara"),
    ("沢", "sawa"),
    ("岡", "oka"),
    ("島", "shima"),
    ("浜", "hama"),
    ("松", "matsu"),
    ("本", "moto"),
    ("宮", "miya"),
    ("高", "taka"),
    ("大", "o"),
    ("小", "ko"),
    ("長", "naga"),
    ("富", "tomi"),
    ("士", "shi"),
    ("美", "bi"),
    ("瑛", "ei"),
    ("栗", "kuri"),
    ("幌", "horo"),
    ("赤", "aka"),
    ("平", "hira"),
    ("津", "tsu"),
    ("根", "ne"),
    ("石", "ishi"),
    ("狩", "kari"),
    ("森", "mori"),
    ("青", "ao"),
];

/// The four basic goals every strategy of the period has, in this order.
const GOALS: usize = 4;

const GOAL_TITLES: [[&str; 3]; GOALS] = [
    [
        "安定した雇用を創出し、地域人材の活躍の場をつくる",
        "しごとをつくり安心して働けるようにする、これを支える人材を育て活かす",
        "地域の産業を振興し、魅力ある雇用の場を創出する",
    ],
    [
        "新しいひとの流れをつくる",
        "{name}への新しい人の流れをつくり、関係人口を創出・拡大する",
        "交流人口の拡大と移住・定住の促進により、にぎわいをつくる",
    ],
    [
        "若い世代の結婚・出産・子育ての希望をかなえる",
        "若い世代の結婚・出産・子育ての希望をかなえる、誰もが活躍できる地域社会をつくる",
        "安心して子どもを産み育てることができる環境をつくる",
    ],
    [
        "安心して暮らし続けることができる地域をつくる",
        "時代に合った地域をつくり、安心な暮らしを守るとともに、地域と地域を連携する",
        "健康で安全に暮らせる持続可能なまちをつくる",
    ],
];

const MEASURE_TITLES: [&[&str]; GOALS] = [
    &[
        "人材育成・雇用対策",
        "地域人材の就労支援",
        "企業立地等の促進による就労の拡大",
        "医療・介護従事者等の確保・育成",
        "農業の担い手の確保・育成",
        "産業の競争力強化",
        "商工業振興策の実施",
        "農業振興策の実施",
        "「海外から稼ぐ」地方創生",
        "産業間連携等による産業の活性化",
    ],
    &[
        "地域と多様な形で関わる人口の拡大",
        "移住定住の促進",
        "観光振興の推進",
        "まちなかのにぎわい創出",
        "高等学校の活性化",
        "企業版ふるさと納税の活用促進",
        "ニーズに合わせた効果的な情報発信と移住・定住支援",
        "学生と地域の連携による若い世代の地域定着の促進",
    ],
    &[
        "若い世代の結婚支援",
        "婚活支援の推進",
        "妊娠・出産・子育ての切れ目のない支援",
        "妊娠・出産への支援の実施",
        "子ども・子育て支援の充実",
        "子育て世帯の経済的負担の軽減",
        "小中学校の学習環境の充実",
        "個々人の希望をかなえる少子化対策",
    ],
    &[
        "安心なくらしの確保",
        "地域包括ケアシステムの充実",
        "健康維持・増進の推進",
        "高齢者等の在宅生活の支援",
        "地域公共交通の確保・維持",
        "災害対策の実施",
        "暮らしを支えるデジタル化の推進",
        "空き家の利活用等を推進した住宅ストックの強化",
        "広域連携による経済・生活圏の形成",
    ],
];

/// Projects by goal: (id stem, name).
const PROJECTS: [&[(&str, &str)]; GOALS] = [
    &[
        ("labour-environment", "豊かな労働環境の充実支援事業"),
        ("job-creation", "雇用創出事業(企業振興促進対策事業)"),
        ("care-worker-training", "介護人材育成支援事業"),
        ("farm-contract", "農作業受託組織等育成支援事業"),
        ("new-farmer-support", "新規就農者支援事業"),
        ("regional-brand", "地域ブランド構築事業"),
        ("startup-support", "創業支援事業"),
        ("agri-sixth", "農業6次産業化支援事業"),
        ("internship", "市内大学等インターンシップ事業"),
        ("food-market", "食を軸とした地場産品販路拡大支援事業"),
        ("overseas-market", "海外市場販路開拓促進事業"),
        ("business-succession", "事業承継支援事業"),
    ],
    &[
        ("migration-promotion", "移住定住促進事業"),
        ("uij-turn", "UIJターン新規就業支援事業"),
        ("tourism-promotion", "観光客誘客宣伝推進事業"),
        ("furusato-donation", "ふるさと応援寄附金推進事業"),
        ("station-area", "駅前地区整備事業"),
        ("high-school-support", "高校支援事業"),
        ("corporate-furusato", "企業版ふるさと納税推進事業"),
        ("welcome", "ウェルカム移住事業"),
        ("student-local", "学生地域定着自治体連携事業"),
        ("related-population", "関係人口創出事業"),
    ],
    &[
        ("encounter-support", "出会い創出支援事業"),
        ("newlywed-support", "結婚新生活支援事業"),
        ("fertility-subsidy", "特定不妊治療費助成事業"),
        ("prenatal-checkup", "妊婦一般健康診査費用助成事業"),
        (
            "parenting-consultation",
            "子育て世代への切れ目のない相談支援事業",
        ),
        ("sick-child-care", "病児・病後児保育事業"),
        ("nursery-temporary", "保育所一時保育事業"),
        ("after-school-care", "放課後児童クラブ運営事業"),
        ("child-medical", "乳幼児等医療費助成事業"),
        ("study-support", "放課後学習サポート事業"),
        ("waiting-children", "待機児童解消対策事業"),
    ],
    &[
        ("care-network", "地域包括ケアネットワーク事業"),
        ("health-management", "健康管理支援事業"),
        ("health-points", "健康ポイント事業"),
        ("elderly-watch", "地域高齢者見守り事業"),
        ("shared-taxi", "予約型乗合タクシー運行事業"),
        ("disaster-info", "防災情報発信事業(災害対策事業)"),
        ("voluntary-disaster", "自主防災組織育成事業"),
        (
            "convenience-certificates",
            "住民票等コンビニ交付サービス事業",
        ),
        ("housing-support", "住まい推進事業"),
        ("wide-area", "広域行政推進事業"),
        ("settlement-zone", "定住自立圏推進事業"),
    ],
];

/// A KPI template: id stem, name, unit, typical baseline, decimals, whether fewer is better.
struct Template {
    id: &'static str,
    name: &'static str,
    unit: &'static str,
    base: i64,
    decimals: u32,
    lower: bool,
}

const fn t(
    id: &'static str,
    name: &'static str,
    unit: &'static str,
    base: i64,
    decimals: u32,
) -> Template {
    Template {
        id,
        name,
        unit,
        base,
        decimals,
        lower: false,
    }
}

const fn lower(t: Template) -> Template {
    Template { lower: true, ..t }
}

impl Template {
    /// Counts can be summed over years (cumulative targets) and split into parts.
    fn is_count(&self) -> bool {
        self.decimals == 0 && self.unit != "%"
    }

    fn is_percent(&self) -> bool {
        self.unit == "%"
    }
}

/// KPI templates by goal; `base` is in units of the last decimal (367 with 1 decimal = 36.7).
const KPIS: [&[Template]; GOALS] = [
    &[
        t("local-hire-rate", "高校からの市内企業就職率", "%", 367, 1),
        t(
            "new-hires",
            "施設新設等を行った企業の新規雇用者数",
            "人",
            12,
            0,
        ),
        t("trainees", "研修終了者数", "人", 8, 0),
        t("contract-area", "農作業受託面積", "ha", 1205, 1),
        t("new-farmers", "新規就農者数", "人", 3, 0),
        t(
            "brand-businesses",
            "チームを構成する事業者数",
            "事業者",
            21,
            0,
        ),
        t("brand-products", "地域ブランドの商品数", "品", 22, 0),
        t("startups", "新規創業件数及び事業承継件数", "件", 4, 0),
        t(
            "intern-students",
            "インターンシップ等への参加学生数",
            "人",
            25,
            0,
        ),
        t("fair-companies", "商談会・催事出展企業数", "社", 35, 0),
        t("export-value", "食品の輸出額", "億円", 25, 1),
        t("shipments", "製造品出荷額等", "億円", 1250, 0),
        t("employed-persons", "就業者数", "人", 7740, 0),
    ],
    &[
        t("tourist-visitors", "観光入込客数", "千人", 1625, 0),
        t(
            "hp-access",
            "観光協会ホームページアクセス数",
            "千件",
            1320,
            1,
        ),
        t("trial-stay", "お試し暮らしの利用組数", "組", 8, 0),
        t("migration-consults", "移住相談件数", "件", 150, 0),
        t("in-migrants", "転入者数", "人", 850, 0),
        t("furusato-donations", "ふるさと応援寄附件数", "件", 12000, 0),
        t("fans", "ファン登録者数", "人", 900, 0),
        t("mail-registrations", "情報メール新規登録件数", "件", 87, 0),
        t("pedestrians", "施設前の歩行者通行数", "人/日", 273, 0),
        t("hs-intake", "高校入学間口数", "間口", 3, 0),
        t("nozei-companies", "企業版ふるさと納税企業数", "社", 3, 0),
        t(
            "student-activities",
            "地域活動等に参加した学生数",
            "人",
            445,
            0,
        ),
    ],
    &[
        t("births", "出生数", "人", 74, 0),
        t(
            "encounter-participants",
            "実施事業への参加者数",
            "人",
            30,
            0,
        ),
        t("newlywed-couples", "支援を受けた組数", "組", 5, 0),
        t(
            "fertility-satisfaction",
            "利用者アンケートにおいて「満足」と回答した割合",
            "%",
            1000,
            1,
        ),
        t(
            "checkup-vouchers",
            "妊婦健康診査補助券使用枚数",
            "枚",
            525,
            0,
        ),
        t("home-visit-rate", "訪問指導実施率", "%", 956, 1),
        lower(t("waiting-children", "待機児童数", "人", 24, 0)),
        lower(t("club-waitlist", "放課後児童クラブ待機児童数", "人", 6, 0)),
        t("club-children", "放課後児童クラブ入会児童数", "人", 773, 0),
        t(
            "coupon-households",
            "クーポンを利用した世帯の割合",
            "%",
            577,
            1,
        ),
        t("medical-subsidy", "対象者1人当たりの助成額", "円", 8400, 0),
        t("lesson-comprehension", "授業理解度", "%", 850, 1),
        t("fertility-rate", "合計特殊出生率", "", 132, 2),
    ],
    &[
        t("data-views", "事業所が参照したデータ件数", "件", 21866, 0),
        t("checkup-rate", "国保特定健診受診率", "%", 547, 1),
        t("point-applicants", "参加申請者数", "人", 991, 0),
        t("exchange-groups", "情報交換を実施した団体数", "団体", 30, 0),
        t(
            "associations-surveyed",
            "地域事情の把握に努めた町内会・自治会の数",
            "団体",
            4,
            0,
        ),
        t("taxi-users", "乗合タクシーの利用者数", "人", 8431, 0),
        t("sns-rate", "SNS公式アカウント登録率", "%", 82, 1),
        t("disaster-orgs", "自主防災組織数", "団体", 13, 0),
        t("certificates", "発行した証明書の件数", "件", 264, 0),
        t("card-rate", "マイナンバーカード交付枚数率", "%", 274, 1),
        t("housing-grants", "補助金交付件数", "件", 150, 0),
        lower(t("traffic-accidents", "交通事故発生件数", "件", 42, 0)),
        lower(t("vacant-houses", "管理不全の空き家数", "戸", 120, 0)),
    ],
];

const COMPARISONS: [&str; 5] = ["at_least", "at_least", "more_than", "at_most", "less_than"];

const AS_OF: [&str; 5] = [
    "令和元年",
    "令和元年",
    "令和2年",
    "平成30年度",
    "令和元年度",
];

const NOT_MEASURABLE: [&str; 3] = [
    "国勢調査実施年度のみ算出可能",
    "施設整備前のため計測していない",
    "調査の実施が隔年のため",
];

const ACTIVITIES: [&str; 24] = [
    "各配属部署において公務に従事する職業体験の実施",
    "市政の理解を促進するための共通実習の実施",
    "プロモーションイベントの開催",
    "観光セミナーの開催",
    "商談会、物産展への参加支援",
    "地場産品リストの作成",
    "市民を対象とした歴史セミナーの開催",
    "コワーキングビジネス体験会の開催",
    "ニーズ調査の実施及び市民意見の聴取",
    "海外催事出展、海外バイヤーとの商談会の開催",
    "住み良さをPRするリーフレットの作成、ホームページ・SNSでの情報発信",
    "首都圏在住者に対する事業PR",
    "子育て支援員の養成、保育従事者確保のための各種事業の実施",
    "民間開設団体に対する運営費及び施設整備等補助金の交付",
    "拠点施設における求職者及び市内企業向けセミナー等の実施",
    "高校生企業交流会の実施",
    "介護業務未経験者への介護に関する入門的研修の実施",
    "心の健康づくり講演会、ゲートキーパー養成研修の開催",
    "地域健康づくり推進員事業（ウォーキング、運動教室等）",
    "コーディネーターの配置",
    "地域交流イベント等の実施",
    "転出入者アンケートの実施と結果の分析",
    "防災訓練及び避難所運営訓練の実施",
    "オンライン移住相談会の開催",
];

const REASONS: [&str; 20] = [
    "新型コロナウイルス感染症の影響が緩和され、各種事業を例年どおり実施できたことが増加の要因と考える。",
    "新型コロナウイルス感染症の影響により、予定していたイベントの一部を中止したため、目標を下回った。",
    "物価高騰の影響により、事業者の設備投資が控えられたことが要因の一つと考えられる。",
    "{place}をはじめとする近隣自治体と連携し、広域での周知に取り組んだ。",
    "関係団体との連携により、{kpi}の向上に向けた取組を継続している。",
    "担い手不足が課題となっており、人材確保の取組を一層進める必要がある。",
    "広報誌やホームページ、SNS等を活用した周知により、制度の認知度が向上したものと考える。",
    "対象者数の減少により、実績値は前年度を下回ったが、利用率は概ね横ばいで推移している。",
    "窓口での案内に加え、出張相談会を{count}回開催し、利用者の掘り起こしを行った。",
    "{place}の事業者と連携した取組が定着し、参加者の満足度も高い水準を維持している。",
    "国の制度改正を受けて要綱を改正し、支援対象を拡大したことにより、申請件数が増加した。",
    "悪天候により一部の事業を延期したが、年度内に代替の取組を実施することができた。",
    "人口減少と高齢化の進行により、地域活動の担い手が減少していることが課題である。",
    "{pref}の補助制度を活用し、事業費の財源確保に努めた。",
    "利用者アンケートでは「満足」「やや満足」と回答した割合が{rate}%となり、一定の効果があったと考える。",
    "デジタル化の推進により、申請手続の一部をオンラインで受け付けられるようにした。",
    "目標値に対し、概ね見込みどおりの実績であった。",
    "事業開始から{count}年が経過し、地域に取組が浸透してきている。",
    "指導員不足によりシフト調整が困難な時期があったが、施設間で人員を調整して対応した。",
    "前年度に比べて相談件数は増加したものの、実際の成約に結び付いた件数は限られた。",
];

const FUTURES: [&str; 12] = [
    "今後も引き続き事業の周知に努め、利用者の増加を図る。",
    "今後は、事業内容を精査しながら、より効果的な手法を検討していく。",
    "引き続き、関係機関と連携を図りながら、目標の達成に向けて取組を進める。",
    "今後も周知方法を検討し、対象となる方には積極的に案内していく。",
    "次年度以降は、{place}との広域連携による事業展開も視野に入れて検討する。",
    "ニーズを的確に把握し、社会情勢の変化に応じた制度の見直しや拡充を行う。",
    "効果検証を行い、必要に応じてKPIの見直しも含めて検討する。",
    "今後も、安定的な運営のため必要な人員の確保に努める。",
    "引き続き、国や{pref}の動向を注視しながら事業を継続していく。",
    "今後は、若い世代への情報発信を強化し、参加者の裾野を広げていく。",
    "地域の実情に応じたきめ細かな支援を継続する。",
    "事業の成果を市民に分かりやすく伝えるため、公表方法の改善を図る。",
];

// ───────────────────────────── the model ─────────────────────────────

struct Gov {
    id: String,
    name: String,
    /// `None` for a prefecture.
    prefecture: Option<String>,
    strategy: String,
    from: u16,
    to: u16,
    years: Vec<u16>,
    grading: Grading,
    goals: Vec<Goal>,
    projects: Vec<Project>,
    kpis: Vec<Kpi>,
    /// Place names used in text only.
    neighbours: Vec<String>,
    home_prefecture: String,
}

#[derive(Clone, Copy, PartialEq)]
enum Grading {
    Default,
    Marks,
    Sabc,
    Trend,
    Own,
}

impl Grading {
    fn symbols(self) -> &'static [&'static str] {
        match self {
            Grading::Default => &["A", "B", "C", "D"],
            Grading::Marks => &["◎", "○", "△", "×"],
            Grading::Sabc => &["S", "A", "B", "C"],
            Grading::Trend => &["↑", "→", "↓"],
            Grading::Own => &["A", "B", "C"],
        }
    }
}

struct Goal {
    id: String,
    number: String,
    title: String,
    indicators: Vec<usize>,
    measures: Vec<Measure>,
}

struct Measure {
    number: Option<String>,
    title: String,
    measures: Vec<Measure>,
    entries: Vec<Entry>,
}

struct Entry {
    project: usize,
    relist: bool,
    kpis: Vec<usize>,
}

struct Project {
    id: String,
    name: Option<String>,
    note: Option<String>,
    no_kpi_reason: Option<String>,
    years: BTreeMap<u16, ProjectYear>,
}

#[derive(Default)]
struct ProjectYear {
    commentary: Option<String>,
    activities: Vec<String>,
}

struct Kpi {
    id: String,
    name: String,
    unit: String,
    decimals: u32,
    lower: bool,
    /// Write figures ≥ 1,000 with separators (as some reports do).
    separators: bool,
    baseline: Baseline,
    target: Target,
    note: Option<String>,
    project: Option<usize>,
    also: Vec<usize>,
    years: BTreeMap<u16, KpiYear>,
}

enum Baseline {
    Absent,
    NotAvailable(&'static str),
    Value {
        value: i64,
        as_of: Option<&'static str>,
        unit: Option<&'static str>,
    },
}

#[derive(Clone, Copy, PartialEq)]
enum Shape {
    Yearly,
    EachYear,
    Final,
    CumulativePortions,
    CumulativeTotal,
    CumulativeRunning,
    Period,
    Threshold,
    None,
}

enum Target {
    Yearly {
        values: Vec<(u16, i64)>,
        stated: Option<i64>,
    },
    EachYear {
        value: i64,
        stated: Option<i64>,
        from: Option<u16>,
    },
    Final {
        value: i64,
        year: Option<u16>,
    },
    Cumulative {
        total: i64,
        portions: Vec<(u16, i64)>,
        running_total: bool,
    },
    Period {
        value: i64,
        label: String,
    },
    Threshold {
        value: i64,
        comparison: &'static str,
        from: Option<u16>,
    },
    None,
}

enum Actual {
    Value(i64),
    Parts(Vec<(Part, i64)>),
    NotMeasurable(&'static str),
    NotApplicable,
}

enum Part {
    Project(usize),
    Label(&'static str),
}

struct KpiYear {
    actual: Actual,
    status: Option<&'static str>,
    commentary: Option<String>,
    committee_grade: Option<&'static str>,
}

// ───────────────────────────── generation ─────────────────────────────

/// Builds one government while it is generated: ids handed out, the strategy period.
struct Builder {
    rng: Rng,
    gov: Gov,
    project_ids: HashSet<String>,
    kpi_ids: HashSet<String>,
    /// Projects first listed under an earlier goal, for 再掲.
    earlier_projects: Vec<usize>,
    shapes: Vec<Shape>,
    nested: bool,
}

impl Gov {
    fn generate(seed: u64, index: usize, ids: &mut HashSet<String>) -> Gov {
        let mut rng = Rng::new(seed, index as u64 + 1);
        let is_prefecture = index % 37 == 36;
        let home = rng.below(PREFECTURES.len());
        let (name, stem) = if is_prefecture {
            let p = (index / 37) % PREFECTURES.len();
            (
                PREFECTURES[p].to_string(),
                format!("pref-{}", PREFECTURE_IDS[p]),
            )
        } else {
            let (kanji, reading) = place_name(&mut rng);
            let suffix = *rng.pick(&["市", "市", "町", "町", "町", "村"]);
            (format!("{kanji}{suffix}"), reading)
        };
        let mut id = stem.clone();
        let mut n = 2;
        while !ids.insert(id.clone()) {
            id = format!("{stem}-{n}");
            n += 1;
        }
        let from = *rng.pick(&[2019u16, 2020, 2020, 2021, 2021]);
        let to = from + 4;
        let year_count = rng.range(2, 4) as u16;
        let years: Vec<u16> = (from..from + year_count).collect();
        let grading = match rng.below(20) {
            0 | 1 => Grading::Marks,
            2 => Grading::Sabc,
            3 => Grading::Trend,
            4 => Grading::Own,
            _ => Grading::Default,
        };
        let neighbours = (0..4)
            .map(|_| {
                let (kanji, _) = place_name(&mut rng);
                format!("{kanji}{}", rng.pick(&["市", "町", "町", "村"]))
            })
            .collect();
        let prefecture = (!is_prefecture).then(|| PREFECTURES[home].to_string());
        let home_prefecture = if is_prefecture {
            name.clone()
        } else {
            PREFECTURES[home].to_string()
        };
        let strategy = format!("第2期{name}まち・ひと・しごと創生総合戦略");

        // About 50 KPIs and 数値目標; every shape at least once, the rest drawn.
        let total = rng.range(44, 56) as usize;
        let mut shapes = vec![
            Shape::Yearly,
            Shape::EachYear,
            Shape::Final,
            Shape::CumulativePortions,
            Shape::CumulativeTotal,
            Shape::CumulativeRunning,
            Shape::Threshold,
            Shape::None,
        ];
        while shapes.len() < total {
            shapes.push(match rng.below(100) {
                0..=29 => Shape::Yearly,
                30..=49 => Shape::EachYear,
                50..=66 => Shape::Final,
                67..=72 => Shape::CumulativePortions,
                73..=76 => Shape::CumulativeTotal,
                77..=79 => Shape::CumulativeRunning,
                80..=81 => Shape::Period,
                82..=89 => Shape::Threshold,
                _ => Shape::None,
            });
        }
        rng.shuffle(&mut shapes);
        let nested = rng.percent(60);

        let mut b = Builder {
            rng,
            gov: Gov {
                id,
                name,
                prefecture,
                strategy,
                from,
                to,
                years,
                grading,
                goals: Vec::new(),
                projects: Vec::new(),
                kpis: Vec::new(),
                neighbours,
                home_prefecture,
            },
            project_ids: HashSet::new(),
            kpi_ids: HashSet::new(),
            earlier_projects: Vec::new(),
            shapes,
            nested,
        };
        let bracketed = b.rng.percent(40);
        let per_goal = total / GOALS;
        for g in 0..GOALS {
            let budget = if g == GOALS - 1 {
                total - per_goal * (GOALS - 1)
            } else {
                per_goal
            };
            let goal = b.goal(g, budget, bracketed);
            b.earlier_projects = (0..b.gov.projects.len()).collect();
            b.gov.goals.push(goal);
        }
        b.fill_years();
        b.gov
    }
}

fn place_name(rng: &mut Rng) -> (String, String) {
    let n = if rng.percent(75) { 2 } else { 3 };
    let mut kanji = String::new();
    let mut reading = String::new();
    for _ in 0..n {
        let (k, r) = rng.pick(&SYLLABLES);
        kanji.push_str(k);
        reading.push_str(r);
    }
    (kanji, reading)
}

impl Builder {
    fn unique(set: &mut HashSet<String>, stem: &str) -> String {
        let mut id = stem.to_string();
        let mut n = 2;
        while !set.insert(id.clone()) {
            id = format!("{stem}-{n}");
            n += 1;
        }
        id
    }

    fn goal(&mut self, g: usize, mut budget: usize, bracketed: bool) -> Goal {
        let number = if bracketed {
            format!("【基本目標{}】", g + 1)
        } else {
            format!("基本目標{}", g + 1)
        };
        let title = self
            .rng
            .pick(&GOAL_TITLES[g])
            .replace("{name}", &self.gov.name);
        let mut indicators = Vec::new();
        // The last goal's 数値目標 is the population change over a span (period target).
        if g == GOALS - 1 {
            indicators.push(self.population_indicator());
            budget -= 1;
        } else if self.rng.percent(75) {
            let shape = self.next_shape();
            indicators.push(self.kpi(g, shape, None));
            budget -= 1;
        }
        let mut measures = Vec::new();
        let mut number_ix = 0;
        while budget > 0 || measures.is_empty() {
            number_ix += 1;
            let title = self.measure_title(g);
            let measure = if self.nested {
                let subs = self.rng.range(1, 3) as usize;
                let mut children = Vec::new();
                for s in 0..subs {
                    if budget == 0 && s > 0 {
                        break;
                    }
                    children.push(self.leaf(g, circled(s + 1), &mut budget));
                }
                Measure {
                    number: Some(format!("({number_ix})")),
                    title,
                    measures: children,
                    entries: Vec::new(),
                }
            } else {
                self.leaf(g, circled(number_ix), &mut budget)
            };
            measures.push(measure);
        }
        // A 再掲: a project of an earlier goal listed again, sometimes with a KPI of its own.
        if !self.earlier_projects.is_empty() && (g == 1 || self.rng.percent(40)) {
            let project = *self.rng.pick(&self.earlier_projects);
            let kpis = if self.rng.percent(50) {
                let shape = self.next_shape();
                vec![self.kpi(g, shape, Some(project))]
            } else {
                Vec::new()
            };
            let entry = Entry {
                project,
                relist: true,
                kpis,
            };
            let last = measures.last_mut().expect("a goal has a measure");
            match last.measures.last_mut() {
                Some(sub) => sub.entries.push(entry),
                None => last.entries.push(entry),
            }
        }
        Goal {
            id: format!("goal-{}", g + 1),
            number,
            title,
            indicators,
            measures,
        }
    }

    fn measure_title(&mut self, g: usize) -> String {
        self.rng.pick(MEASURE_TITLES[g]).to_string()
    }

    fn next_shape(&mut self) -> Shape {
        self.shapes.pop().unwrap_or(Shape::Yearly)
    }

    /// A measure holding projects, using up to `budget` KPIs.
    fn leaf(&mut self, g: usize, number: String, budget: &mut usize) -> Measure {
        let title = self.measure_title(g);
        let mut entries = Vec::new();
        if *budget > 0 && !self.rng.percent(3) {
            for _ in 0..self.rng.range(1, 3) {
                if *budget == 0 {
                    break;
                }
                let (stem, name) = *self.rng.pick(PROJECTS[g]);
                let id = Self::unique(&mut self.project_ids, stem);
                let no_kpi = self.rng.percent(8);
                let p = self.gov.projects.len();
                self.gov.projects.push(Project {
                    id,
                    name: (!self.rng.percent(2)).then(|| name.to_string()),
                    note: self
                        .rng
                        .percent(3)
                        .then(|| "総合特区推進事業（令和3年度終了事業）から一部を移管".to_string()),
                    no_kpi_reason: no_kpi.then(|| "KPIの設定が困難なため設定しない".to_string()),
                    years: BTreeMap::new(),
                });
                let mut kpis = Vec::new();
                if !no_kpi {
                    let n = (self.rng.range(1, 2) as usize).min(*budget);
                    for _ in 0..n {
                        let shape = self.next_shape();
                        kpis.push(self.kpi(g, shape, Some(p)));
                        *budget -= 1;
                    }
                }
                let shared = !kpis.is_empty() && self.rng.percent(10);
                entries.push(Entry {
                    project: p,
                    relist: false,
                    kpis: kpis.clone(),
                });
                // A KPI measured through two projects (a merged cell in the report).
                if shared {
                    let (stem, name) = *self.rng.pick(PROJECTS[g]);
                    let id = Self::unique(&mut self.project_ids, stem);
                    let partner = self.gov.projects.len();
                    self.gov.projects.push(Project {
                        id,
                        name: Some(name.to_string()),
                        note: None,
                        no_kpi_reason: None,
                        years: BTreeMap::new(),
                    });
                    self.gov.kpis[kpis[0]].also.push(partner);
                    entries.push(Entry {
                        project: partner,
                        relist: false,
                        kpis: Vec::new(),
                    });
                }
            }
        }
        Measure {
            number: Some(number),
            title,
            measures: Vec::new(),
            entries,
        }
    }

    fn population_indicator(&mut self) -> usize {
        let id = Self::unique(&mut self.kpi_ids, "population-change-rate");
        let baseline = -self.rng.range(300, 900);
        let value = baseline * self.rng.range(600, 900) / 1000;
        let from_ja = era_year(self.gov.from - 1);
        let to_ja = era_year(self.gov.to);
        self.gov.kpis.push(Kpi {
            id,
            name: "人口増減率".to_string(),
            unit: "%".to_string(),
            decimals: 2,
            lower: false,
            separators: false,
            baseline: Baseline::Value {
                value: baseline,
                as_of: Some("平成27年～令和2年"),
                unit: None,
            },
            target: Target::Period {
                value,
                label: format!("{from_ja}～{to_ja}"),
            },
            note: None,
            project: None,
            also: Vec::new(),
            years: BTreeMap::new(),
        });
        self.gov.kpis.len() - 1
    }

    fn kpi(&mut self, g: usize, shape: Shape, project: Option<usize>) -> usize {
        let cumulative = matches!(
            shape,
            Shape::CumulativePortions | Shape::CumulativeTotal | Shape::CumulativeRunning
        );
        let template = loop {
            let t = self.rng.pick(KPIS[g]);
            if !cumulative || t.is_count() {
                break t;
            }
        };
        let id = Self::unique(&mut self.kpi_ids, template.id);
        let unit10 = 10i64.pow(template.decimals);
        let mut base = if template.is_percent() {
            self.rng.range(300, 950) * unit10 / 10
        } else {
            self.rng.scale(template.base, 400, 2500).max(1)
        };
        if template.is_percent() && template.base >= 950 {
            base = template.base;
        }
        let cap = if template.is_percent() {
            100 * unit10
        } else {
            i64::MAX / 4
        };
        let final_target = if template.lower {
            base * self.rng.range(0, 800) / 1000
        } else {
            (base * self.rng.range(1050, 1500) / 1000)
                .max(base + 1)
                .min(cap)
        };
        let (from, to) = (self.gov.from, self.gov.to);
        let span = i64::from(to - from) + 1;
        let path = |year: u16| base + (final_target - base) * (i64::from(year - from) + 1) / span;
        let stated_round = |v: i64| (template.decimals == 1 && v % 10 == 0).then_some(v);
        let target = match shape {
            Shape::Yearly => {
                let skip_first = self.rng.percent(15);
                let values: Vec<(u16, i64)> = (from..=to)
                    .filter(|&y| !(skip_first && y == from))
                    .map(|y| (y, path(y)))
                    .collect();
                let last = values.last().map_or(final_target, |v| v.1);
                Target::Yearly {
                    values,
                    stated: stated_round(last).filter(|_| self.rng.percent(70)),
                }
            }
            Shape::EachYear => Target::EachYear {
                value: final_target,
                stated: stated_round(final_target).filter(|_| self.rng.percent(70)),
                from: self.rng.percent(20).then_some(from + 1),
            },
            Shape::Final => Target::Final {
                value: final_target,
                year: self.rng.percent(15).then_some(to - 1),
            },
            Shape::CumulativePortions | Shape::CumulativeTotal | Shape::CumulativeRunning => {
                let portion = (base / 2).max(1);
                let portions: Vec<(u16, i64)> = (from..=to).map(|y| (y, portion)).collect();
                let total = portion * span;
                Target::Cumulative {
                    total,
                    portions: match shape {
                        Shape::CumulativePortions => portions,
                        Shape::CumulativeRunning if self.rng.percent(50) => portions,
                        _ => Vec::new(),
                    },
                    running_total: shape == Shape::CumulativeRunning,
                }
            }
            Shape::Period => Target::Period {
                value: final_target,
                label: format!("{}～{}", era_year(from), era_year(to)),
            },
            Shape::Threshold => Target::Threshold {
                value: final_target,
                comparison: self.rng.pick_str(&COMPARISONS),
                from: self.rng.percent(25).then_some(from + 1),
            },
            Shape::None => Target::None,
        };
        let baseline = match self.rng.below(100) {
            0..=4 => Baseline::Absent,
            5..=14 => Baseline::NotAvailable(self.as_of()),
            15..=24 => Baseline::Value {
                value: base,
                as_of: None,
                unit: None,
            },
            25..=26 if template.unit == "枚" || template.unit == "人" => Baseline::Value {
                value: base,
                as_of: Some(self.as_of()),
                unit: Some("件"),
            },
            _ => Baseline::Value {
                value: base,
                as_of: Some(self.as_of()),
                unit: None,
            },
        };
        self.gov.kpis.push(Kpi {
            id,
            name: template.name.to_string(),
            unit: template.unit.to_string(),
            decimals: template.decimals,
            lower: template.lower,
            separators: self.rng.percent(60),
            baseline,
            target,
            note: self.rng.percent(3).then(|| "3年で一巡".to_string()),
            project,
            also: Vec::new(),
            years: BTreeMap::new(),
        });
        self.gov.kpis.len() - 1
    }

    fn as_of(&mut self) -> &'static str {
        self.rng.pick_str(&AS_OF)
    }

    /// Every fiscal year's actuals, statuses, commentary and activities.
    fn fill_years(&mut self) {
        let years = self.gov.years.clone();
        let last = *years.last().expect("at least two years");
        // Each state at least once: three KPIs of the last year are forced to the rare ones.
        let mut forced: Vec<usize> = (0..self.gov.kpis.len()).collect();
        self.rng.shuffle(&mut forced);
        forced.truncate(3);
        for (k, kpi_ix) in (0..self.gov.kpis.len()).enumerate() {
            let mut running = 0i64;
            for &year in &years {
                let force = (year == last)
                    .then(|| forced.iter().position(|&f| f == k))
                    .flatten();
                let entry = self.kpi_year(kpi_ix, year, force, &mut running);
                if let Some(entry) = entry {
                    self.gov.kpis[kpi_ix].years.insert(year, entry);
                }
            }
        }
        for p in 0..self.gov.projects.len() {
            for &year in &years {
                let without_kpi = self.gov.projects[p].no_kpi_reason.is_some();
                let activities = if self.rng.percent(60) {
                    let n = self.rng.range(2, 6) as usize;
                    (0..n)
                        .map(|_| self.rng.pick(&ACTIVITIES).to_string())
                        .collect()
                } else {
                    Vec::new()
                };
                let commentary = (without_kpi || self.rng.percent(20))
                    .then(|| self.commentary(None, year, None));
                if commentary.is_some() || !activities.is_empty() {
                    self.gov.projects[p].years.insert(
                        year,
                        ProjectYear {
                            commentary,
                            activities,
                        },
                    );
                }
            }
        }
    }

    fn kpi_year(
        &mut self,
        k: usize,
        year: u16,
        force: Option<usize>,
        running: &mut i64,
    ) -> Option<KpiYear> {
        let first = year == self.gov.from;
        let roll = self.rng.below(100);
        let state = match force {
            Some(0) => 1,
            Some(1) => 2,
            Some(_) => 3,
            None if roll < 4 => 1,
            None if roll < 7 && first => 2,
            None if roll < 12 => 3,
            None => 0,
        };
        let actual = match state {
            1 => Actual::NotMeasurable(self.rng.pick_str(&NOT_MEASURABLE)),
            2 => Actual::NotApplicable,
            3 => return None,
            _ => {
                let value = self.actual_value(k, year, running);
                let kpi = &self.gov.kpis[k];
                let parts = if !kpi.also.is_empty() && self.rng.percent(70) {
                    let share = value * self.rng.range(200, 800) / 1000;
                    let main = kpi.project.expect("a shared KPI has a project");
                    Some(vec![
                        (Part::Project(main), share),
                        (Part::Project(kpi.also[0]), value - share),
                    ])
                } else if kpi.decimals == 0
                    && kpi.unit == "人"
                    && !matches!(kpi.target, Target::Cumulative { .. })
                    && self.rng.percent(5)
                {
                    let share = value * self.rng.range(400, 600) / 1000;
                    Some(vec![
                        (Part::Label("男"), share),
                        (Part::Label("女"), value - share),
                    ])
                } else {
                    None
                };
                match parts {
                    Some(parts) => Actual::Parts(parts),
                    None => Actual::Value(value),
                }
            }
        };
        let is_value = matches!(actual, Actual::Value(_));
        let status = if is_value && year == *self.gov.years.last().unwrap_or(&year) {
            match self.rng.below(100) {
                0..=19 => Some("provisional"),
                20..=34 => Some("confirmed"),
                _ => None,
            }
        } else if is_value && self.rng.percent(10) {
            Some("confirmed")
        } else {
            None
        };
        let committee_grade =
            (is_value && self.rng.percent(3)).then(|| *self.rng.pick(self.gov.grading.symbols()));
        let figure = match &actual {
            Actual::Value(v) => Some(*v),
            Actual::Parts(parts) => Some(parts.iter().map(|p| p.1).sum()),
            _ => None,
        };
        let commentary = self
            .rng
            .percent(75)
            .then(|| self.commentary(Some(k), year, figure));
        Some(KpiYear {
            actual,
            status,
            commentary,
            committee_grade,
        })
    }

    fn actual_value(&mut self, k: usize, year: u16, running: &mut i64) -> i64 {
        let kpi = &self.gov.kpis[k];
        let (from, to) = (self.gov.from, self.gov.to);
        let base = match kpi.baseline {
            Baseline::Value { value, .. } => value,
            _ => match &kpi.target {
                Target::Yearly { values, .. } => values.first().map_or(10, |v| v.1),
                Target::EachYear { value, .. }
                | Target::Final { value, .. }
                | Target::Threshold { value, .. }
                | Target::Period { value, .. } => *value,
                Target::Cumulative { total, .. } => *total,
                Target::None => 100,
            },
        };
        let percent = kpi.unit == "%";
        let unit10 = 10i64.pow(kpi.decimals);
        match &kpi.target {
            Target::Cumulative {
                total,
                running_total,
                ..
            } => {
                let portion = (*total / (i64::from(to - from) + 1)).max(1);
                let own = self.rng.scale(portion, 300, 1400);
                *running += own;
                if *running_total { *running } else { own }
            }
            Target::Period { .. } => base * self.rng.range(900, 1250) / 1000,
            _ => {
                let drift = i64::from(year - from) * self.rng.range(-40, 60);
                let mut v = base * (1000 + drift) / 1000;
                v = self.rng.scale(v, 700, 1250);
                if percent {
                    v = v.clamp(0, 100 * unit10);
                }
                v.max(0)
            }
        }
    }

    /// Markdown commentary of realistic length: one to three paragraphs, sometimes a list.
    fn commentary(&mut self, k: Option<usize>, year: u16, figure: Option<i64>) -> String {
        let mut text = String::new();
        let fy = format!("{}度", era_year(year));
        if let (Some(k), Some(value)) = (k, figure) {
            let kpi = &self.gov.kpis[k];
            let shown = format!("{}{}", fig(value, kpi.decimals, kpi.separators), kpi.unit);
            let opening = match target_value(&kpi.target, year) {
                Some(target) => {
                    let met = if kpi.lower {
                        value <= target
                    } else {
                        value >= target
                    };
                    let target = format!("{}{}", fig(target, kpi.decimals, false), kpi.unit);
                    if met {
                        format!("{fy}の実績値は{shown}となり、目標値の{target}を**達成**した。")
                    } else {
                        format!("{fy}の実績値は{shown}で、目標値の{target}には届かなかった。")
                    }
                }
                None => format!("{fy}の実績値は{shown}であった。"),
            };
            text.push_str(&opening);
        } else if let Some(k) = k {
            let name = &self.gov.kpis[k].name;
            let _ = write!(text, "{fy}は{name}の実績値を把握できなかった。");
        } else {
            let _ = write!(text, "{fy}は、計画に沿って事業を実施した。");
        }
        // Sentences drawn without repeats within one commentary.
        let mut reasons: Vec<usize> = (0..REASONS.len()).collect();
        self.rng.shuffle(&mut reasons);
        let mut reasons = reasons.into_iter();
        let paragraphs = self.rng.range(1, 3);
        for p in 0..paragraphs {
            if p > 0 {
                text.push_str("\n\n");
            }
            for _ in 0..self.rng.range(1, 3) {
                let reason = REASONS[reasons.next().expect("fewer sentences than the pool")];
                text.push_str(&self.fill(reason, k));
            }
            if p == paragraphs - 1 {
                let future = *self.rng.pick(&FUTURES);
                text.push_str(&self.fill(future, k));
            }
        }
        if self.rng.percent(15) {
            text.push_str("\n\n主な取組は次のとおり。\n");
            for _ in 0..self.rng.range(2, 4) {
                let activity = *self.rng.pick(&ACTIVITIES);
                let count = self.rng.range(1, 12);
                let _ = write!(text, "\n- {activity}（{count}回）");
            }
        }
        text.push('\n');
        text
    }

    fn fill(&mut self, template: &str, k: Option<usize>) -> String {
        let place = self.rng.pick(&self.gov.neighbours).clone();
        let count = self.rng.range(2, 9).to_string();
        let rate = self.rng.range(60, 95).to_string();
        let kpi = k.map_or("事業の成果", |k| self.gov.kpis[k].name.as_str());
        template
            .replace("{place}", &place)
            .replace("{pref}", &self.gov.home_prefecture)
            .replace("{kpi}", kpi)
            .replace("{count}", &count)
            .replace("{rate}", &rate)
    }
}

/// The target a year's actual is compared with, roughly, for the commentary's wording.
fn target_value(target: &Target, year: u16) -> Option<i64> {
    match target {
        Target::Yearly { values, .. } => values.iter().find(|v| v.0 == year).map(|v| v.1),
        Target::EachYear { value, .. }
        | Target::Final { value, .. }
        | Target::Threshold { value, .. }
        | Target::Period { value, .. } => Some(*value),
        Target::Cumulative { .. } | Target::None => None,
    }
}

fn circled(n: usize) -> String {
    const CIRCLED: [&str; 10] = ["①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩"];
    CIRCLED
        .get(n - 1)
        .map_or_else(|| format!("({n})"), |s| s.to_string())
}

/// `2019` → `令和元年`, `2015` → `平成27年`.
fn era_year(year: u16) -> String {
    match year {
        2019 => "令和元年".to_string(),
        y if y > 2019 => format!("令和{}年", y - 2018),
        y => format!("平成{}年", y - 1988),
    }
}

/// A figure as a report writes it: fixed decimals, optional separators, △ for negatives.
fn fig(value: i64, decimals: u32, separators: bool) -> String {
    let unit = 10i64.pow(decimals);
    let (int, frac) = (value.abs() / unit, value.abs() % unit);
    let mut digits = int.to_string();
    if separators && int >= 1000 {
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        digits = grouped;
    }
    let sign = if value < 0 { "△" } else { "" };
    if decimals == 0 {
        format!("{sign}{digits}")
    } else {
        format!("{sign}{digits}.{frac:0width$}", width = decimals as usize)
    }
}

// ───────────────────────────── YAML ─────────────────────────────

/// A YAML scalar for a figure: quoted when it holds separators or △.
fn yfig(value: i64, decimals: u32, separators: bool) -> String {
    let text = fig(value, decimals, separators);
    if text.contains(',') || text.starts_with('△') {
        format!("\"{text}\"")
    } else {
        text
    }
}

/// A double-quoted YAML string.
fn q(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn block(out: &mut String, indent: usize, key: &str, text: &str) {
    let pad = " ".repeat(indent);
    let _ = writeln!(out, "{pad}{key}: |");
    for line in text.trim_end().lines() {
        if line.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "{pad}  {line}");
        }
    }
}

fn site_yaml(n: usize) -> String {
    format!(
        "# 合成データ（ベンチマーク用）: {n} 団体。examples/synth.rs が生成\n\
         title: 地方創生KPI 実績公開（全国版・合成データ）\n\
         language: ja\n\
         theme: default\n\
         description: 全国の地方公共団体のまち・ひと・しごと創生総合戦略の数値目標・重要業績評価指標（KPI）の目標値と実績値を、年度ごとに公開しています（ベンチマーク用の合成データです）。\n\
         accessibility:\n  \
           standard: JIS X 8341-3:2016\n  \
           level: AA\n  \
           tested_on: 2026年11月22日\n  \
           method: |\n    \
             サイトのすべてのページを対象に、自動検査ツールで試験しました。\n  \
           results: |\n    \
             合成データのため、試験結果は記載していません。\n"
    )
}

impl Gov {
    fn city_yaml(&self) -> String {
        let mut o = String::new();
        let _ = writeln!(
            o,
            "# {}: {} の合成データ（ベンチマーク用）",
            self.name, self.strategy
        );
        let _ = writeln!(o, "name: {}", q(&self.name));
        if let Some(p) = &self.prefecture {
            let _ = writeln!(o, "prefecture: {}", q(p));
        }
        // Every synthetic government adopted a computed scheme (the work the benchmark measures),
        // and its review committee publishes a few grades of its own on an axis.
        match self.grading {
            Grading::Default => o.push_str("grading: {preset: abcd}\n"),
            Grading::Marks => o.push_str("grading: {preset: marks}\n"),
            Grading::Sabc => o.push_str("grading: {preset: sabc}\n"),
            Grading::Trend => o.push_str("grading: {preset: trend}\n"),
            Grading::Own => {
                let _ = write!(
                    o,
                    "grading:\n  name: {}\n  basis: rate\n  grades:\n    \
                     - {{symbol: A, label: 目標達成, at_least: 100, outcome: met}}\n    \
                     - {{symbol: B, label: 概ね順調, at_least: 70, outcome: nearly_met}}\n    \
                     - {{symbol: C, label: 要改善, outcome: not_met}}\n",
                    q(&format!("{}の評価基準", self.name))
                );
            }
        }
        o.push_str("assessments:\n  - id: committee\n    name: 評価委員会の評価\n    decided_by: 評価委員会\n    grades:\n");
        for symbol in self.grading.symbols() {
            let _ = writeln!(o, "      - {{symbol: {}, label: 評価{symbol}}}", q(symbol));
        }
        let _ = write!(
            o,
            "strategy:\n  name: {}\n  period: {{from: {}, to: {}}}\n  source: {}\n\ngoals:\n",
            q(&self.strategy),
            self.from,
            self.to,
            q(&format!("{} 数値目標・KPI集計表", self.strategy))
        );
        for goal in &self.goals {
            let _ = write!(
                o,
                "  - id: {}\n    number: {}\n    title: {}\n",
                goal.id,
                q(&goal.number),
                q(&goal.title)
            );
            if !goal.indicators.is_empty() {
                o.push_str("    indicators:\n");
                for &k in &goal.indicators {
                    self.kpi_yaml(&mut o, 6, k);
                }
            }
            if !goal.measures.is_empty() {
                o.push_str("    measures:\n");
                for m in &goal.measures {
                    self.measure_yaml(&mut o, 6, m);
                }
            }
        }
        o
    }

    fn measure_yaml(&self, o: &mut String, indent: usize, m: &Measure) {
        let pad = " ".repeat(indent);
        match &m.number {
            Some(n) => {
                let _ = write!(
                    o,
                    "{pad}- number: {}\n{pad}  title: {}\n",
                    q(n),
                    q(&m.title)
                );
            }
            None => {
                let _ = writeln!(o, "{pad}- title: {}", q(&m.title));
            }
        }
        if !m.measures.is_empty() {
            let _ = writeln!(o, "{pad}  measures:");
            for sub in &m.measures {
                self.measure_yaml(o, indent + 4, sub);
            }
        }
        if !m.entries.is_empty() {
            let _ = writeln!(o, "{pad}  projects:");
            for e in &m.entries {
                let p = &self.projects[e.project];
                if e.relist {
                    let _ = writeln!(o, "{pad}    - relist: {}", p.id);
                } else {
                    let _ = writeln!(o, "{pad}    - id: {}", p.id);
                    if let Some(name) = &p.name {
                        let _ = writeln!(o, "{pad}      name: {}", q(name));
                    }
                    if let Some(note) = &p.note {
                        let _ = writeln!(o, "{pad}      note: {}", q(note));
                    }
                    if let Some(reason) = &p.no_kpi_reason {
                        let _ = writeln!(o, "{pad}      no_kpi_reason: {}", q(reason));
                    }
                }
                if !e.kpis.is_empty() {
                    let _ = writeln!(o, "{pad}      kpis:");
                    for &k in &e.kpis {
                        self.kpi_yaml(o, indent + 8, k);
                    }
                }
            }
        }
    }

    fn kpi_yaml(&self, o: &mut String, indent: usize, k: usize) {
        let pad = " ".repeat(indent);
        let kpi = &self.kpis[k];
        let f = |v: i64| yfig(v, kpi.decimals, kpi.separators);
        let _ = write!(o, "{pad}- id: {}\n{pad}  name: {}\n", kpi.id, q(&kpi.name));
        if !kpi.unit.is_empty() {
            let _ = writeln!(o, "{pad}  unit: {}", q(&kpi.unit));
        }
        if kpi.lower {
            let _ = writeln!(o, "{pad}  direction: lower");
        }
        match &kpi.baseline {
            Baseline::Absent => {}
            Baseline::NotAvailable(as_of) => {
                let _ = writeln!(
                    o,
                    "{pad}  baseline: {{value: not_available, as_of: {as_of}}}"
                );
            }
            Baseline::Value { value, as_of, unit } => {
                let mut fields = vec![format!("value: {}", f(*value))];
                if let Some(unit) = unit {
                    fields.push(format!("unit: {unit}"));
                }
                if let Some(as_of) = as_of {
                    fields.push(format!("as_of: {as_of}"));
                }
                let _ = writeln!(o, "{pad}  baseline: {{{}}}", fields.join(", "));
            }
        }
        let _ = writeln!(o, "{pad}  target:");
        let tp = format!("{pad}    ");
        match &kpi.target {
            Target::Yearly { values, stated } => {
                let vs: Vec<String> = values
                    .iter()
                    .map(|(y, v)| format!("{y}: {}", f(*v)))
                    .collect();
                let _ = write!(o, "{tp}shape: yearly\n{tp}values: {{{}}}\n", vs.join(", "));
                if let Some(s) = stated {
                    let _ = writeln!(o, "{tp}stated: {}", stated_int(*s, kpi.decimals));
                }
            }
            Target::EachYear {
                value,
                stated,
                from,
            } => {
                let _ = write!(o, "{tp}shape: each_year\n{tp}value: {}\n", f(*value));
                if let Some(s) = stated {
                    let _ = writeln!(o, "{tp}stated: {}", stated_int(*s, kpi.decimals));
                }
                if let Some(from) = from {
                    let _ = writeln!(o, "{tp}from: {from}");
                }
            }
            Target::Final { value, year } => {
                let _ = write!(o, "{tp}shape: final\n{tp}value: {}\n", f(*value));
                if let Some(year) = year {
                    let _ = writeln!(o, "{tp}year: {year}");
                }
            }
            Target::Cumulative {
                total,
                portions,
                running_total,
            } => {
                let _ = write!(o, "{tp}shape: cumulative\n{tp}value: {}\n", f(*total));
                if !portions.is_empty() {
                    let vs: Vec<String> = portions
                        .iter()
                        .map(|(y, v)| format!("{y}: {}", f(*v)))
                        .collect();
                    let _ = writeln!(o, "{tp}values: {{{}}}", vs.join(", "));
                }
                if *running_total {
                    let _ = writeln!(o, "{tp}running_total: true");
                }
            }
            Target::Period { value, label } => {
                let _ = write!(
                    o,
                    "{tp}shape: period\n{tp}value: {}\n{tp}label: {}\n",
                    f(*value),
                    q(label)
                );
            }
            Target::Threshold {
                value,
                comparison,
                from,
            } => {
                let _ = write!(
                    o,
                    "{tp}shape: threshold\n{tp}value: {}\n{tp}comparison: {comparison}\n",
                    f(*value)
                );
                if let Some(from) = from {
                    let _ = writeln!(o, "{tp}from: {from}");
                }
            }
            Target::None => {
                let _ = write!(
                    o,
                    "{tp}shape: none\n{tp}note: 目標値の設定が困難なため、実績値の管理とする\n"
                );
            }
        }
        if let Some(note) = &kpi.note {
            let _ = writeln!(o, "{pad}  note: {}", q(note));
        }
        if !kpi.also.is_empty() {
            let ids: Vec<&str> = kpi
                .also
                .iter()
                .map(|&p| self.projects[p].id.as_str())
                .collect();
            let _ = writeln!(o, "{pad}  also_projects: [{}]", ids.join(", "));
        }
    }

    fn year_yaml(&self, year: u16) -> String {
        let mut o = String::new();
        let _ = write!(
            o,
            "# {} {}度 ({year}) 実績値と所見（合成データ）\nfiscal_year: {year}\nkpis:\n",
            self.name,
            era_year(year)
        );
        for kpi in &self.kpis {
            let Some(entry) = kpi.years.get(&year) else {
                continue;
            };
            let f = |v: i64| yfig(v, kpi.decimals, kpi.separators);
            let _ = writeln!(o, "  {}:", kpi.id);
            match &entry.actual {
                Actual::Value(v) => {
                    let _ = writeln!(o, "    actual: {}", f(*v));
                }
                Actual::NotMeasurable(note) => {
                    let _ = write!(o, "    actual: not_measurable\n    note: {}\n", q(note));
                }
                Actual::NotApplicable => o.push_str("    actual: not_applicable\n"),
                Actual::Parts(parts) => {
                    o.push_str("    parts:\n");
                    for (part, v) in parts {
                        match part {
                            Part::Project(p) => {
                                let _ = writeln!(o, "      - project: {}", self.projects[*p].id);
                            }
                            Part::Label(label) => {
                                let _ = writeln!(o, "      - label: {label}");
                            }
                        }
                        let _ = writeln!(o, "        value: {}", f(*v));
                    }
                }
            }
            if let Some(status) = entry.status {
                let _ = writeln!(o, "    status: {status}");
            }
            if let Some(grade) = entry.committee_grade {
                let _ = writeln!(o, "    assessments: {{committee: {}}}", q(grade));
            }
            if let Some(c) = &entry.commentary {
                block(&mut o, 4, "commentary", c);
            }
        }
        let mut wrote_header = false;
        for p in &self.projects {
            let Some(entry) = p.years.get(&year) else {
                continue;
            };
            if !wrote_header {
                o.push_str("projects:\n");
                wrote_header = true;
            }
            let _ = writeln!(o, "  {}:", p.id);
            if let Some(c) = &entry.commentary {
                block(&mut o, 4, "commentary", c);
            }
            if !entry.activities.is_empty() {
                o.push_str("    activities:\n");
                for a in &entry.activities {
                    let _ = writeln!(o, "      - {}", q(a));
                }
            }
        }
        o
    }
}

/// A stated target as the report's header writes it: 60.0 → 60.
fn stated_int(value: i64, decimals: u32) -> String {
    fig(value / 10i64.pow(decimals), 0, false)
}

// ───────────────────────────── the Hugo site ─────────────────────────────

const HUGO_CONFIG: &str = r#"baseURL = "/"
title = "地方創生KPI 実績公開（全国版・合成データ）"
disableKinds = ["taxonomy", "term", "rss", "sitemap", "404"]
enableRobotsTXT = false
"#;

const HUGO_BASEOF: &str = r##"<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ site.Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<a class="skip" href="#main">本文へ移動</a>
<header><p class="site"><a href="{{ "/" | relURL }}">{{ site.Title }}</a></p></header>
<nav aria-label="パンくずリスト"><ol>{{ range .Ancestors.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}<li aria-current="page">{{ .Title }}</li></ol></nav>
<main id="main">
<h1>{{ .Title }}</h1>
{{ block "main" . }}{{ end }}
</main>
<footer><p><a href="{{ "accessibility/" | relURL }}">アクセシビリティ方針</a></p></footer>
</body>
</html>
"##;

const HUGO_PAGE: &str = r#"{{ define "main" }}
{{ with .Params.rows }}
<table>
<caption>{{ $.Title }}の目標値と実績値</caption>
<thead><tr><th scope="col">年度</th><th scope="col">目標値</th><th scope="col">実績値</th><th scope="col">状態</th></tr></thead>
<tbody>
{{ range . }}<tr><th scope="row">{{ .year }}</th><td>{{ .target }}</td><td>{{ .actual }}</td><td>{{ .state }}</td></tr>
{{ end }}</tbody>
</table>
{{ end }}
{{ .Content }}
{{ end }}
"#;

const HUGO_LIST: &str = r#"{{ define "main" }}
{{ .Content }}
{{ end }}
"#;

const HUGO_CSS: &str = "body{font-family:sans-serif;max-width:60rem;margin:auto;padding:1rem}\
table{border-collapse:collapse}th,td{border:1px solid #888;padding:.25rem .5rem}\
.skip{position:absolute;left:-999px}.skip:focus{left:1rem}\n";

fn write_hugo(dir: &Path, govs: &[Gov]) -> Result<(), String> {
    write(&dir.join("hugo.toml"), HUGO_CONFIG)?;
    write(&dir.join("layouts/baseof.html"), HUGO_BASEOF)?;
    write(&dir.join("layouts/page.html"), HUGO_PAGE)?;
    write(&dir.join("layouts/section.html"), HUGO_LIST)?;
    write(&dir.join("layouts/home.html"), HUGO_LIST)?;
    write(&dir.join("static/style.css"), HUGO_CSS)?;
    let content = dir.join("content");
    let mut index = front("地方創生KPI 実績公開（全国版・合成データ）", &[]);
    index.push_str("全国の地方公共団体の総合戦略の数値目標・KPIの実績を公開しています。\n\n");
    for gov in govs {
        let _ = writeln!(
            index,
            "- [{}]({}/)（{}）: {}",
            gov.name, gov.id, gov.home_prefecture, gov.strategy
        );
    }
    write(&content.join("_index.md"), &index)?;
    write(
        &content.join("accessibility.md"),
        &(front("アクセシビリティ方針", &[])
            + "JIS X 8341-3:2016 の適合レベルAAを目標としています。\n\n\
               サイトのすべてのページを対象に、自動検査ツールで試験しました。\n"),
    )?;
    for gov in govs {
        let base = content.join(&gov.id);
        write(&base.join("_index.md"), &gov.hugo_city())?;
        for goal in &gov.goals {
            write(
                &base.join("goal").join(format!("{}.md", goal.id)),
                &gov.hugo_goal(goal, None),
            )?;
        }
        for (k, kpi) in gov.kpis.iter().enumerate() {
            write(
                &base.join("kpi").join(format!("{}.md", kpi.id)),
                &gov.hugo_kpi(k),
            )?;
        }
        for &year in &gov.years {
            let mut page = front(&format!("{}度 実績報告", era_year(year)), &[]);
            for goal in &gov.goals {
                page.push_str(&gov.hugo_goal(goal, Some(year)));
            }
            write(&base.join(format!("{year}.md")), &page)?;
        }
    }
    Ok(())
}

/// YAML front matter: a title and optional extra lines.
fn front(title: &str, extra: &[String]) -> String {
    let mut f = format!("---\ntitle: {}\n", q(title));
    for line in extra {
        f.push_str(line);
        f.push('\n');
    }
    f.push_str("---\n\n");
    f
}

impl Gov {
    fn hugo_city(&self) -> String {
        let mut o = front(&self.name, &[]);
        let _ = write!(
            o,
            "{}（{}度～{}度）\n\n## 基本目標\n\n",
            self.strategy,
            era_year(self.from),
            era_year(self.to)
        );
        for goal in &self.goals {
            let kpis = count_kpis(&goal.measures) + goal.indicators.len();
            let _ = writeln!(
                o,
                "- [{} {}](goal/{}/): KPI数 {kpis}",
                goal.number, goal.title, goal.id
            );
        }
        o.push_str("\n## 実績報告\n\n");
        for &year in &self.years {
            let _ = writeln!(o, "- [{}度 実績報告]({year}/)", era_year(year));
        }
        o.push_str("\n## 数値目標\n\n| 数値目標 | 基準値 | 目標値 |\n|---|---|---|\n");
        for goal in &self.goals {
            for &k in &goal.indicators {
                let kpi = &self.kpis[k];
                let _ = writeln!(
                    o,
                    "| [{}](kpi/{}/) | {} | {} |",
                    kpi.name,
                    kpi.id,
                    self.baseline_text(kpi),
                    self.target_text(kpi)
                );
            }
        }
        o
    }

    /// A goal page, or (with a year) that goal's part of the annual report.
    fn hugo_goal(&self, goal: &Goal, year: Option<u16>) -> String {
        let mut o = match year {
            None => front(&format!("{} {}", goal.number, goal.title), &[]),
            Some(_) => format!("## {} {}\n\n", goal.number, goal.title),
        };
        if !goal.indicators.is_empty() {
            o.push_str("### 数値目標\n\n");
            for &k in &goal.indicators {
                self.hugo_kpi_block(&mut o, k, year);
            }
        }
        self.hugo_measures(&mut o, &goal.measures, 3, year);
        o
    }

    fn hugo_measures(&self, o: &mut String, measures: &[Measure], level: usize, year: Option<u16>) {
        let hashes = "#".repeat(level.min(6));
        for m in measures {
            let _ = writeln!(
                o,
                "{hashes} {} {}\n",
                m.number.as_deref().unwrap_or(""),
                m.title
            );
            for e in &m.entries {
                let p = &self.projects[e.project];
                let relist = if e.relist { "（再掲）" } else { "" };
                let _ = writeln!(o, "**{}**{relist}\n", p.name.as_deref().unwrap_or("—"));
                for (&y, py) in &p.years {
                    if year.is_some_and(|year| year != y) {
                        continue;
                    }
                    if !py.activities.is_empty() {
                        let _ = writeln!(o, "{}度の主な取組内容\n", era_year(y));
                        for a in &py.activities {
                            let _ = writeln!(o, "- {a}");
                        }
                        o.push('\n');
                    }
                    if let Some(c) = &py.commentary {
                        let _ = writeln!(o, "{c}");
                    }
                }
                for &k in &e.kpis {
                    self.hugo_kpi_block(o, k, year);
                }
            }
            self.hugo_measures(o, &m.measures, level + 1, year);
        }
    }

    /// A KPI as goal and year pages show it: name, figures table, commentary.
    fn hugo_kpi_block(&self, o: &mut String, k: usize, year: Option<u16>) {
        let kpi = &self.kpis[k];
        let _ = writeln!(
            o,
            "#### [{}](../kpi/{}/)\n\n基準値 {} → 目標値 {}\n",
            kpi.name,
            kpi.id,
            self.baseline_text(kpi),
            self.target_text(kpi)
        );
        o.push_str("| 年度 | 目標値 | 実績値 |\n|---|---|---|\n");
        for (y, target, actual) in self.rows(kpi) {
            if year.is_none_or(|year| year == y) {
                let _ = writeln!(o, "| {}度 | {target} | {actual} |", era_year(y));
            }
        }
        o.push('\n');
        for (&y, entry) in &kpi.years {
            if year.is_none_or(|year| year == y)
                && let Some(c) = &entry.commentary
            {
                let _ = writeln!(o, "{}度の所見\n\n{c}", era_year(y));
            }
        }
    }

    fn hugo_kpi(&self, k: usize) -> String {
        let kpi = &self.kpis[k];
        let mut rows = vec!["rows:".to_string()];
        for (y, target, actual) in self.rows(kpi) {
            let state = match kpi.years.get(&y).and_then(|e| e.status) {
                Some("provisional") => "暫定値",
                Some(_) => "確定値",
                None => "",
            };
            rows.push(format!(
                "  - {{year: {}, target: {}, actual: {}, state: {}}}",
                q(&format!("{}度", era_year(y))),
                q(&target),
                q(&actual),
                q(state)
            ));
        }
        let mut o = front(&kpi.name, &rows);
        let _ = writeln!(
            o,
            "基準値 {} → 目標値 {}（単位: {}）\n",
            self.baseline_text(kpi),
            self.target_text(kpi),
            if kpi.unit.is_empty() {
                "—"
            } else {
                &kpi.unit
            }
        );
        if let Some(note) = &kpi.note {
            let _ = writeln!(o, "{note}\n");
        }
        for (&y, entry) in &kpi.years {
            if let Some(c) = &entry.commentary {
                let _ = writeln!(o, "## {}度\n\n{c}", era_year(y));
            }
        }
        o
    }

    /// (year, target, actual) for every fiscal year of the strategy reported so far.
    fn rows(&self, kpi: &Kpi) -> Vec<(u16, String, String)> {
        self.years
            .iter()
            .map(|&y| {
                let target = target_value(&kpi.target, y)
                    .map_or_else(|| "—".to_string(), |v| fig(v, kpi.decimals, true));
                let actual = match kpi.years.get(&y).map(|e| &e.actual) {
                    Some(Actual::Value(v)) => fig(*v, kpi.decimals, true),
                    Some(Actual::Parts(parts)) => {
                        fig(parts.iter().map(|p| p.1).sum(), kpi.decimals, true)
                    }
                    Some(Actual::NotMeasurable(_)) => "算出不可".to_string(),
                    Some(Actual::NotApplicable) => "対象外".to_string(),
                    None => "記載なし".to_string(),
                };
                (y, target, actual)
            })
            .collect()
    }

    fn baseline_text(&self, kpi: &Kpi) -> String {
        match &kpi.baseline {
            Baseline::Absent | Baseline::NotAvailable(_) => "—".to_string(),
            Baseline::Value { value, as_of, .. } => format!(
                "{}{}{}",
                fig(*value, kpi.decimals, true),
                kpi.unit,
                as_of.map(|a| format!("（{a}）")).unwrap_or_default()
            ),
        }
    }

    fn target_text(&self, kpi: &Kpi) -> String {
        let f = |v: i64| format!("{}{}", fig(v, kpi.decimals, true), kpi.unit);
        match &kpi.target {
            Target::Yearly { values, .. } => values.last().map_or("—".to_string(), |v| f(v.1)),
            Target::EachYear { value, .. } => format!("{}（各年度）", f(*value)),
            Target::Final { value, .. } => f(*value),
            Target::Cumulative { total, .. } => format!("{}（累計）", f(*total)),
            Target::Period { value, label } => format!("{}（{label}）", f(*value)),
            Target::Threshold { value, .. } => format!("{}以上", f(*value)),
            Target::None => "実績値の管理とする".to_string(),
        }
    }
}

fn count_kpis(measures: &[Measure]) -> usize {
    measures
        .iter()
        .map(|m| m.entries.iter().map(|e| e.kpis.len()).sum::<usize>() + count_kpis(&m.measures))
        .sum()
}
