//! A small deterministic mutator: a splitmix64 generator and the edits a
//! person, a spreadsheet or a damaged disk makes to a file. Every input is a
//! function of (seed, target, iteration) alone, so a failure replays exactly.

/// Inputs are cut to this size: the allocation bound is stated for inputs under it.
pub const MAX_INPUT: usize = 64 * 1024;

/// splitmix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
/// generators", 2014): tiny, seedable and good enough to pick mutations.
pub struct Rng(u64);

impl Rng {
    /// The generator of one input: the run's seed, the target's name and the
    /// iteration mixed together.
    pub fn for_input(seed: u64, target: &str, iteration: u64) -> Rng {
        let name =
            target.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
        let mut rng = Rng(seed ^ name.rotate_left(17) ^ iteration.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        rng.next_u64();
        rng
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True `num` times in `den`.
    pub fn chance(&mut self, num: usize, den: usize) -> bool {
        self.below(den) < num
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Cell values that have broken parsers before: empty, signs, the edges of
/// `Decimal` (28 digits), floats outside `f64`, impossible dates, the
/// formula-injection characters, quoting, byte-order marks, UTF-16 and
/// invalid UTF-8.
const INTERESTING: &[&[u8]] = &[
    b"",
    b" ",
    b"-1",
    b"0",
    b"-0",
    b"1",
    b"0.5",
    b"0.0000000000000000000000000001",
    b"1.23456789012345678901234567890123",
    b"9999999999999999999999999999",
    b"79228162514264337593543950335",
    b"-79228162514264337593543950335",
    b"79228162514264337593543950336",
    b"18446744073709551616",
    b"4294967296",
    b"2147483648",
    b"1e309",
    b"1e-400",
    b"1e28",
    b"NaN",
    b"inf",
    b"-inf",
    b"0001-01-01",
    b"9999-12-31",
    b"2024-02-30",
    b"2024-02-29",
    b"2025-13-01",
    b"0000-00-00",
    b"+262143-12-31",
    b"31/12/2025",
    b"2025-06",
    b"0000-01",
    b"9999-12",
    b"true",
    b"FALSE",
    b"yes",
    b"=cmd|' /C calc'!A0",
    b"'=1+1",
    b"@SUM(A1)",
    b"+1",
    b"\"",
    b"\"\"",
    b"\"a,\"\"b\"\"\"",
    b",",
    b"\n",
    b"\r\n",
    b"\r",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\xC3\x28",
    b"\xF0\x9F\x92",
    b"\x00",
    b"\t",
    b"1:0|0:1",
    b"1:4.5|1:4.5",
    b"1:9999999999999999999999999999|2:0.01",
    b"0:1",
    b"1:",
    b"|",
    b"a",
    b"A",
    b"Z",
    b"s_q",
    b"r_s",
    b"fill_rate",
    b"EUR",
    b"XXX",
];

/// Edit `bytes`, seen as a CSV file (lines of comma-separated cells), one to
/// a few times.
pub fn mutate_csv(rng: &mut Rng, bytes: &mut Vec<u8>, donor: &[u8]) {
    // One edit half of the time, so many inputs stay valid and reach the planner.
    let n_edits = if rng.chance(1, 2) { 1 } else { 2 + rng.below(3) };
    for _ in 0..n_edits {
        match rng.below(20) {
            0 => flip_bit(rng, bytes),
            1 => insert_bytes(rng, bytes),
            2 => delete_bytes(rng, bytes),
            3 => duplicate_line(rng, bytes),
            4 => delete_line(rng, bytes),
            5 => swap_lines(rng, bytes),
            6 => swap_cells(rng, bytes),
            7..=9 => {
                let value = interesting(rng);
                replace_cell(rng, bytes, &value);
            }
            10 => {
                let value = random_number(rng);
                replace_cell(rng, bytes, &value);
            }
            11 => {
                // A cell from another row or another file: a key where a
                // number belongs, a date where a code belongs.
                let from_donor = rng.chance(1, 2);
                let value = random_cell(rng, if from_donor { donor } else { bytes }).to_vec();
                replace_cell(rng, bytes, &value);
            }
            12 => repeat_rows(rng, bytes),
            13 => whole_file(rng, bytes),
            14 | 15 => replace_column(rng, bytes),
            _ => {
                // A value of the cell's own kind: a date for a date, a number
                // for a number. Mostly valid, so the edges reach the planner.
                if let Some((start, end)) = random_cell_span(rng, bytes) {
                    let value = similar_value(rng, &bytes[start..end]);
                    bytes.splice(start..end, value);
                }
            }
        }
    }
    bytes.truncate(MAX_INPUT);
}

const DATES: &[&str] = &[
    "0001-01-01",
    "9999-12-31",
    "1900-02-28",
    "1970-01-01",
    "2000-02-29",
    "2024-02-29",
    "2024-02-30",
    "2024-12-31",
    "2025-01-01",
    "2025-06-01",
    "2100-12-31",
    "2262-04-11",
];
const MONTHS: &[&str] = &["0001-01", "9999-12", "2025-02", "2025-13", "2024-00"];
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "-1",
    "0.0001",
    "0.000001",
    "0.0000001",
    "1",
    "999999999",
    "1000000000",
    "1000000001",
    "1e9",
    "4294967295",
    "4294967296",
    "9999999999999999999999999999",
    "79228162514264337593543950335",
    "1e28",
    "1e309",
    "NaN",
    "inf",
    "0.1234567890123456789012345678",
    "3650",
    "3651",
    "36500",
    "36501",
    "1043",
    "1044",
];

/// A value like `original`: another date for a date, another number for a number.
fn similar_value(rng: &mut Rng, original: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(original);
    let is_date = original.len() == 10 && original[4] == b'-' && original[7] == b'-';
    let is_month = original.len() == 7 && original[4] == b'-';
    let is_number = !original.is_empty() && text.parse::<f64>().is_ok();
    if is_date {
        if let (true, Ok(date)) = (rng.chance(1, 2), chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d")) {
            let days = [1i64, 7, 30, 366, 3650, 36_500, 1_000_000][rng.below(7)];
            let shifted = if rng.chance(1, 2) {
                date.checked_add_days(chrono::Days::new(days as u64))
            } else {
                date.checked_sub_days(chrono::Days::new(days as u64))
            };
            if let Some(shifted) = shifted {
                return shifted.format("%Y-%m-%d").to_string().into_bytes();
            }
        }
        rng.pick(DATES).as_bytes().to_vec()
    } else if is_month {
        rng.pick(MONTHS).as_bytes().to_vec()
    } else if is_number {
        match rng.below(3) {
            0 => random_number(rng),
            _ => rng.pick(NUMBERS).as_bytes().to_vec(),
        }
    } else if text.contains(':') {
        // Price breaks.
        rng.pick(&[
            "1:9999999999999999999999999999",
            "1:1000000000|1000000000:0.0001",
            "0:1",
            "1:1|1:2",
            "1:0.0000000000000000000000000001",
            "1:4.5|2:4.6",
        ])
        .as_bytes()
        .to_vec()
    } else if text.eq_ignore_ascii_case("true") || text.eq_ignore_ascii_case("false") {
        rng.pick(&["true", "false", "TRUE", "1", "0", "yes", ""]).as_bytes().to_vec()
    } else {
        interesting(rng)
    }
}

/// Edit `bytes`, seen as a JSON document: its tokens (strings and numbers)
/// stand in for cells.
pub fn mutate_json(rng: &mut Rng, bytes: &mut Vec<u8>) {
    let n_edits = if rng.chance(1, 2) { 1 } else { 2 + rng.below(3) };
    for _ in 0..n_edits {
        let tokens = json_tokens(bytes);
        match rng.below(10) {
            0 => flip_bit(rng, bytes),
            1 => insert_bytes(rng, bytes),
            2 => delete_bytes(rng, bytes),
            _ if tokens.is_empty() => flip_bit(rng, bytes),
            3..=5 => {
                let span = *rng.pick(&tokens);
                let value =
                    if rng.chance(2, 3) { similar_value(rng, &bytes[span.0..span.1]) } else { interesting(rng) };
                bytes.splice(span.0..span.1, value);
            }
            6 => {
                let value = random_number(rng);
                let span = *rng.pick(&tokens);
                bytes.splice(span.0..span.1, value);
            }
            7 => {
                let from = *rng.pick(&tokens);
                let value = bytes[from.0..from.1].to_vec();
                let span = *rng.pick(&tokens);
                bytes.splice(span.0..span.1, value);
            }
            8 => {
                // An array element or member twice: duplicate the text from a
                // token to the next comma.
                let span = *rng.pick(&tokens);
                if let Some(comma) = bytes[span.1..].iter().position(|&b| b == b',') {
                    let piece = bytes[span.0..span.1 + comma + 1].to_vec();
                    bytes.splice(span.0..span.0, piece);
                }
            }
            _ => whole_file(rng, bytes),
        }
    }
    bytes.truncate(MAX_INPUT);
}

/// Edit binary bytes (a stored demand chunk): bit flips, insertions,
/// deletions and the integers that break length fields.
pub fn mutate_binary(rng: &mut Rng, bytes: &mut Vec<u8>) {
    let n_edits = 1 + rng.below(3);
    for _ in 0..n_edits {
        match rng.below(6) {
            0 | 1 => flip_bit(rng, bytes),
            2 => insert_bytes(rng, bytes),
            3 => delete_bytes(rng, bytes),
            4 => {
                let cut = rng.below(bytes.len() + 1);
                bytes.truncate(cut);
            }
            _ => {
                if bytes.len() >= 4 {
                    let at = rng.below(bytes.len() - 3);
                    let value: u32 = *rng.pick(&[0, 1, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff, 0x00ff_ffff, 3_652_059]);
                    bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
                }
            }
        }
    }
    bytes.truncate(MAX_INPUT);
}

fn interesting(rng: &mut Rng) -> Vec<u8> {
    match rng.below(12) {
        0 => vec![b'x'; 1 + rng.below(20_000)],
        1 => vec![b'9'; 1 + rng.below(400)],
        2 => "é€😀".repeat(1 + rng.below(50)).into_bytes(),
        _ => rng.pick(INTERESTING).to_vec(),
    }
}

fn random_number(rng: &mut Rng) -> Vec<u8> {
    let mut text = String::new();
    if rng.chance(1, 4) {
        text.push('-');
    }
    let digits = 1 + rng.below(32);
    for _ in 0..digits {
        text.push(char::from(b'0' + rng.below(10) as u8));
    }
    if rng.chance(1, 3) {
        let at = 1 + rng.below(text.len());
        if at < text.len() {
            text.insert(at, '.');
        }
    }
    if rng.chance(1, 8) {
        text.push_str(&format!("e{}", rng.below(700) as i64 - 350));
    }
    text.into_bytes()
}

fn flip_bit(rng: &mut Rng, bytes: &mut [u8]) {
    if !bytes.is_empty() {
        let at = rng.below(bytes.len());
        bytes[at] ^= 1 << rng.below(8);
    }
}

fn insert_bytes(rng: &mut Rng, bytes: &mut Vec<u8>) {
    let at = rng.below(bytes.len() + 1);
    let n = 1 + rng.below(8);
    let new: Vec<u8> = (0..n).map(|_| rng.next_u64() as u8).collect();
    bytes.splice(at..at, new);
}

fn delete_bytes(rng: &mut Rng, bytes: &mut Vec<u8>) {
    if !bytes.is_empty() {
        let at = rng.below(bytes.len());
        let end = (at + 1 + rng.below(16)).min(bytes.len());
        bytes.drain(at..end);
    }
}

/// Byte ranges of the lines, each with its newline.
fn lines(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    for (idx, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            spans.push((start, idx + 1));
            start = idx + 1;
        }
    }
    if start < bytes.len() {
        spans.push((start, bytes.len()));
    }
    spans
}

fn duplicate_line(rng: &mut Rng, bytes: &mut Vec<u8>) {
    let spans = lines(bytes);
    if !spans.is_empty() {
        let (start, end) = *rng.pick(&spans);
        let line = bytes[start..end].to_vec();
        let at = rng.pick(&spans).0;
        bytes.splice(at..at, line);
    }
}

fn delete_line(rng: &mut Rng, bytes: &mut Vec<u8>) {
    let spans = lines(bytes);
    if !spans.is_empty() {
        let (start, end) = *rng.pick(&spans);
        bytes.drain(start..end);
    }
}

fn swap_lines(rng: &mut Rng, bytes: &mut Vec<u8>) {
    let spans = lines(bytes);
    if spans.len() >= 2 {
        let a = rng.below(spans.len());
        let b = rng.below(spans.len());
        let mut order: Vec<usize> = (0..spans.len()).collect();
        order.swap(a, b);
        let rebuilt: Vec<u8> = order.iter().flat_map(|&idx| bytes[spans[idx].0..spans[idx].1].to_vec()).collect();
        *bytes = rebuilt;
    }
}

/// Byte ranges of the cells of one line (split at every comma: quotes are
/// ignored on purpose, a mutator may cut a quoted cell in two).
fn cells(bytes: &[u8], line: (usize, usize)) -> Vec<(usize, usize)> {
    let mut end = line.1;
    while end > line.0 && matches!(bytes[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    let mut spans = Vec::new();
    let mut start = line.0;
    for (offset, &byte) in bytes[line.0..end].iter().enumerate() {
        if byte == b',' {
            spans.push((start, line.0 + offset));
            start = line.0 + offset + 1;
        }
    }
    spans.push((start, end));
    spans
}

fn random_cell_span(rng: &mut Rng, bytes: &[u8]) -> Option<(usize, usize)> {
    let spans = lines(bytes);
    if spans.is_empty() {
        return None;
    }
    // Mostly data rows: the header is line 0.
    let line = if spans.len() > 1 && rng.chance(7, 8) { spans[1 + rng.below(spans.len() - 1)] } else { spans[0] };
    let cells = cells(bytes, line);
    Some(*rng.pick(&cells))
}

fn random_cell<'a>(rng: &mut Rng, bytes: &'a [u8]) -> &'a [u8] {
    random_cell_span(rng, bytes).map_or(&[], |(start, end)| &bytes[start..end])
}

fn replace_cell(rng: &mut Rng, bytes: &mut Vec<u8>, value: &[u8]) {
    match random_cell_span(rng, bytes) {
        Some((start, end)) => {
            bytes.splice(start..end, value.iter().copied());
        }
        None => bytes.extend_from_slice(value),
    }
}

fn swap_cells(rng: &mut Rng, bytes: &mut Vec<u8>) {
    let spans = lines(bytes);
    if spans.is_empty() {
        return;
    }
    let line = *rng.pick(&spans);
    let cells = cells(bytes, line);
    let a = rng.below(cells.len());
    let b = rng.below(cells.len());
    let mut texts: Vec<Vec<u8>> = cells.iter().map(|&(s, e)| bytes[s..e].to_vec()).collect();
    texts.swap(a, b);
    let rebuilt = texts.join(&b","[..]);
    let (start, end) = (cells[0].0, cells[cells.len() - 1].1);
    bytes.splice(start..end, rebuilt);
}

/// One value of the column's kind in every data row of a column: the edge
/// then reaches the rows the planner uses, whichever they are.
fn replace_column(rng: &mut Rng, bytes: &mut Vec<u8>) {
    let spans = lines(bytes);
    if spans.len() < 2 {
        return;
    }
    let first = cells(bytes, spans[1]);
    let column = rng.below(first.len());
    let (start, end) = first[column];
    let value = similar_value(rng, &bytes[start..end]);
    // Back to front, so earlier spans stay where they are.
    for &line in spans[1..].iter().rev() {
        if let Some(&(start, end)) = cells(bytes, line).get(column) {
            bytes.splice(start..end, value.iter().copied());
        }
    }
}

/// Append copies of the data rows, up to the size limit: many rows with the
/// same key, and bigger inputs.
fn repeat_rows(rng: &mut Rng, bytes: &mut Vec<u8>) {
    let spans = lines(bytes);
    if spans.len() < 2 {
        return;
    }
    let rows = bytes[spans[1].0..].to_vec();
    let times = 1 + rng.below(20);
    for _ in 0..times {
        if bytes.len() + rows.len() > MAX_INPUT {
            break;
        }
        if bytes.last().is_some_and(|&b| b != b'\n') {
            bytes.push(b'\n');
        }
        bytes.extend_from_slice(&rows);
    }
}

fn whole_file(rng: &mut Rng, bytes: &mut Vec<u8>) {
    match rng.below(6) {
        0 => {
            bytes.splice(0..0, *b"\xEF\xBB\xBF");
        }
        1 => {
            let crlf: Vec<u8> =
                bytes.iter().flat_map(|&b| if b == b'\n' { vec![b'\r', b'\n'] } else { vec![b] }).collect();
            *bytes = crlf;
        }
        2 => {
            // UTF-16LE with its byte-order mark, as some spreadsheets save "Unicode text".
            let text = String::from_utf8_lossy(bytes).into_owned();
            let mut utf16 = vec![0xFF, 0xFE];
            utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            *bytes = utf16;
        }
        3 => {
            let cut = rng.below(bytes.len() + 1);
            bytes.truncate(cut);
        }
        4 => {
            let semicolons: Vec<u8> = bytes.iter().map(|&b| if b == b',' { b';' } else { b }).collect();
            *bytes = semicolons;
        }
        _ => bytes.clear(),
    }
}

/// Byte ranges of a JSON document's tokens: string contents and numbers.
fn json_tokens(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut tokens = Vec::new();
    let mut idx = 0;
    while idx < bytes.len() {
        match bytes[idx] {
            b'"' => {
                let start = idx + 1;
                idx += 1;
                while idx < bytes.len() && bytes[idx] != b'"' {
                    idx += if bytes[idx] == b'\\' { 2 } else { 1 };
                }
                tokens.push((start, idx.min(bytes.len())));
                idx += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = idx;
                while idx < bytes.len() && matches!(bytes[idx], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') {
                    idx += 1;
                }
                tokens.push((start, idx));
            }
            _ => idx += 1,
        }
    }
    tokens
}
