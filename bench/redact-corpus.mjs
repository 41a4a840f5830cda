// bench/redact-corpus.mjs - a labelled corpus for the gd-redact benchmark.
//
// Writes gd response records (kind "response", consent "anonymous") whose
// comments embed personal data at known places, and a gold file that says
// what was planted where.  Look-alikes that are not personal data (dates,
// amounts, legal references, invalid card numbers...) are planted too:
// they must survive redaction.  Everything comes from @faker-js/faker with
// fixed seeds, so the same options always give the same bytes.
//
// Usage: node bench/redact-corpus.mjs [--records N] [--seed S]
//            [--out DIR] [--speed-bytes B]
//
//   DIR/redact-corpus.ndjson   the records (N, default 20000)
//   DIR/redact-gold.jsonl      one line per planted item or decoy:
//       {"id", "field", "kind": "pii"|"decoy", "category", "form",
//        "locale", "ctx", "text", "start", "end", "sent": [start, end]}
//       start/end/sent are code-point offsets in the field's string;
//       "category" is the personal-data category for kind "pii" and the
//       decoy type for kind "decoy"; "ctx" says whether the sentence has
//       a word that gives the item away ("phone", "IBAN", "NHS"...).
//   DIR/redact-speed.ndjson    with --speed-bytes B (> 0): the records
//       repeated, ids made unique, until the file has at least B bytes.
//
// A summary goes to standard error: items and decoys per category, and
// how many faker values were set aside because they are not valid for
// their category (the gold file holds valid items only).

import { createWriteStream } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { allFakers } from '@faker-js/faker';

// ---- options ----------------------------------------------------------

const opt = { records: 20000, seed: 20240601, out: 'bench/data', speedBytes: 0 };
{
	const a = process.argv.slice(2);
	for (let i = 0; i < a.length; i++) {
		const v = a[i + 1];
		switch (a[i]) {
		case '--records': opt.records = Number(v); i++; break;
		case '--seed': opt.seed = Number(v); i++; break;
		case '--out': opt.out = v; i++; break;
		case '--speed-bytes': opt.speedBytes = Number(v); i++; break;
		default:
			process.stderr.write(`redact-corpus: unknown option ${a[i]}\n` +
			    'usage: node bench/redact-corpus.mjs [--records N] ' +
			    '[--seed S] [--out DIR] [--speed-bytes B]\n');
			process.exit(2);
		}
	}
	if (!(opt.records >= 1) || !Number.isInteger(opt.seed) ||
	    !(opt.speedBytes >= 0)) {
		process.stderr.write('redact-corpus: bad option value\n');
		process.exit(2);
	}
}

// ---- randomness -------------------------------------------------------

// Locale code in the gold file -> faker locale.
const LOCALES = { GB: 'en_GB', US: 'en_US', DE: 'de', FR: 'fr', NL: 'nl',
	IT: 'it', ES: 'es', PL: 'pl' };
const LOCS = Object.keys(LOCALES);
const LANG = { GB: 'en', US: 'en', DE: 'de', FR: 'fr', NL: 'nl', IT: 'it',
	ES: 'es', PL: 'pl' };

// Structural choices come from their own generator, so adding a locale's
// call does not shift every other choice.
const R = allFakers.en;
R.seed(opt.seed);
const F = {};
LOCS.forEach((l, i) => {
	F[l] = allFakers[LOCALES[l]];
	F[l].seed(opt.seed + 1000 * (i + 1));
});
const GB = F.GB;

const int = (min, max) => R.number.int({ min, max });
const pick = (a) => a[int(0, a.length - 1)];
const chance = (p) => R.number.float({ min: 0, max: 1 }) < p;
const weighted = (pairs) => R.helpers.weightedArrayElement(
    pairs.map(([weight, value]) => ({ weight, value })));
const digits = (n) => { let s = ''; for (let i = 0; i < n; i++) s += int(0, 9); return s; };
const pad = (n, w) => String(n).padStart(w, '0');

// ---- validators (the gold file holds valid items only) -----------------

function luhn(s) {
	const d = s.replace(/\D/g, '');
	let sum = 0;
	for (let i = 0; i < d.length; i++) {
		let x = d.charCodeAt(d.length - 1 - i) - 48;
		if (i % 2 === 1 && (x *= 2) > 9) x -= 9;
		sum += x;
	}
	return d.length >= 13 && d.length <= 19 && sum % 10 === 0;
}

const IBAN_LEN = { AT: 20, BE: 16, CH: 21, DE: 22, DK: 18, ES: 24, FI: 18,
	FR: 27, GB: 22, IE: 22, IT: 27, LU: 20, NL: 18, NO: 15, PL: 28, PT: 25,
	SE: 24 };

function ibanOk(s) {
	const b = s.replace(/[ -]/g, '').toUpperCase();
	if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(b) || IBAN_LEN[b.slice(0, 2)] !== b.length)
		return false;
	let rem = 0;
	for (const c of b.slice(4) + b.slice(0, 4)) {
		const v = c >= 'A' ? String(c.charCodeAt(0) - 55) : c;
		for (const d of v) rem = (rem * 10 + Number(d)) % 97;
	}
	return rem === 1;
}

function nhsCheck(d9) {
	let sum = 0;
	for (let i = 0; i < 9; i++) sum += Number(d9[i]) * (10 - i);
	let c = 11 - (sum % 11);
	if (c === 11) c = 0;
	return c;		// 10: no valid number with these nine digits
}

const POSTCODE = /^(?:[A-PR-UWYZ][0-9][0-9A-HJKPSTUW]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9ABEHMNPRV-Y]?) ?[0-9][ABD-HJLNP-UW-Z]{2}$/i;

// Letters to ASCII, for "the name as typed without accents".
const FOLD_EXTRA = { 'ł': 'l', 'Ł': 'L', 'ß': 'ss', 'ø': 'o', 'Ø': 'O',
	'æ': 'ae', 'Æ': 'AE', 'đ': 'd', 'Đ': 'D', 'œ': 'oe', 'Œ': 'OE' };
const asciify = (s) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[łŁßøØæÆđĐœŒ]/g, (c) => FOLD_EXTRA[c]);

const rejected = {};		// faker values set aside, by category
const reject = (cat) => { rejected[cat] = (rejected[cat] || 0) + 1; };

// ---- personal data: one generator per category --------------------------
// Each returns { text, form } (or null when faker gave an invalid value,
// and the caller asks again).

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const letter = (set) => set[int(0, set.length - 1)];

function email(loc) {
	const f = F[loc];
	const first = f.person.firstName(), last = f.person.lastName();
	const plain = f.internet.email({ firstName: first, lastName: last });
	const [local, dom] = plain.split('@');
	const company = f.internet.domainName();
	const form = weighted([[40, 'plain'], [12, 'company'], [6, 'subdomain'],
	    [4, 'upper'], [4, 'mailto'], [10, 'at-dot'], [10, '(at)(dot)'],
	    [6, '[at]-dot'], [4, 'AT-DOT'], [4, '(at).']]);
	const words = (d, dot) => d.split('.').join(dot);
	switch (form) {
	case 'plain': return { text: plain, form };
	case 'company': return { text: `${local}@${company}`, form };
	case 'subdomain': return { text: `${local.toLowerCase()}@${pick(['mail', 'post', 'staff', 'members'])}.${pick(['example.co.uk', 'example.org.uk', 'example.ac.uk', company])}`, form };
	case 'upper': return { text: plain.toUpperCase(), form };
	case 'mailto': return { text: plain, form, wrap: ['<mailto:', '>'] };
	case 'at-dot': return { text: `${local} at ${words(dom, ' dot ')}`, form };
	case '(at)(dot)': return { text: `${local}(at)${words(dom, '(dot)')}`, form };
	case '[at]-dot': return { text: `${local} [at] ${words(company, ' [dot] ')}`, form };
	case 'AT-DOT': return { text: `${local} AT ${words(dom, ' DOT ')}`, form };
	default: return { text: `${local} (at) ${dom}`, form };
	}
}

function phone(loc) {
	const style = weighted([[40, 'human'], [30, 'national'], [30, 'international']]);
	const text = F[loc].phone.number({ style });
	return { text, form: `${loc}-${style}` };
}

const IBAN_COUNTRIES = { GB: ['GB', 'IE'], US: ['GB', 'DE'], DE: ['DE', 'AT', 'CH'],
	FR: ['FR', 'BE', 'LU'], NL: ['NL', 'BE'], IT: ['IT', 'CH'], ES: ['ES', 'PT'],
	PL: ['PL', 'DK', 'SE', 'FI', 'NO'] };

function iban(loc) {
	const cc = pick(IBAN_COUNTRIES[loc]);
	const spaced = chance(0.5);
	const text = R.finance.iban({ formatted: spaced, countryCode: cc });
	if (!ibanOk(text)) return null;
	return { text, form: `${cc}-${spaced ? 'spaced' : 'compact'}` };
}

function card() {
	const issuer = weighted([[30, 'visa'], [30, 'mastercard'], [20, 'american_express'], [20, 'discover']]);
	const raw = R.finance.creditCardNumber(issuer);
	if (!luhn(raw)) return null;
	const sep = weighted([[40, ' '], [30, '-'], [30, '']]);
	let text;
	if (raw.includes('-')) text = raw.replace(/-/g, sep);
	else if (raw.length === 16) text = raw.match(/.{4}/g).join(sep);
	else text = raw;		// 13-digit Visa, as faker writes it
	let name = issuer === 'american_express' ? 'amex' : issuer;
	if (issuer === 'mastercard' && raw[0] === '2') name = 'mastercard-2series';
	return { text, form: `${name}-${sep === ' ' ? 'spaces' : sep === '-' ? 'dashes' : 'none'}` };
}

function ipv6Compressed() {
	// Eight groups with a run of zeros, written the short way.
	const g = [];
	for (let i = 0; i < 8; i++) g.push(R.number.int({ min: 1, max: 0xffff }).toString(16));
	const at = int(1, 6), len = int(2, 8 - at);
	for (let i = at; i < at + len; i++) g[i] = '0';
	const head = g.slice(0, at).join(':'), tail = g.slice(at + len).join(':');
	return `${head}::${tail}`;
}

function ip() {
	const form = weighted([[40, 'ipv4'], [20, 'ipv6-full'], [25, 'ipv6-compressed'], [15, 'ipv6-mapped']]);
	switch (form) {
	case 'ipv4': return { text: R.internet.ipv4(), form };
	case 'ipv6-full': return { text: R.internet.ipv6(), form };
	case 'ipv6-compressed': return { text: ipv6Compressed(), form };
	default: return { text: `::ffff:${R.internet.ipv4()}`, form };
	}
}

function nino() {
	const prefix = () => {
		for (;;) {
			const p = letter('ABCEGHJKLMNOPRSTWXYZ') + letter('ABCEGHJKLMNPRSTWXYZ');
			if (!['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ'].includes(p)) return p;
		}
	};
	const p = prefix(), d = digits(6), s = letter('ABCD');
	const form = weighted([[50, 'compact'], [40, 'spaced'], [10, 'lower-spaced']]);
	if (form === 'compact') return { text: `${p}${d}${s}`, form };
	const t = `${p} ${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4)} ${s}`;
	return { text: form === 'spaced' ? t : t.toLowerCase(), form };
}

function nhs() {
	const d9 = digits(9), c = nhsCheck(d9);
	if (c === 10 || /^(\d)\1*$/.test(d9 + c)) return null;
	const d = d9 + c;
	const sep = chance(0.8) ? ' ' : '-';
	return { text: `${d.slice(0, 3)}${sep}${d.slice(3, 6)}${sep}${d.slice(6)}`, form: sep === ' ' ? '3-3-4-spaces' : '3-3-4-dashes' };
}

// Outward code shapes of the official format (A9, A99, AA9, AA99, A9A, AA9A).
function postcodeBuilt() {
	const A1 = 'ABCDEFGHIJKLMNOPRSTUWYZ', A2 = 'ABCDEFGHKLMNOPQRSTUVWXY',
	    A3 = 'ABCDEFGHJKPSTUW', A4 = 'ABEHMNPRVWXY', IN = 'ABDEFGHJLNPQRSTUWXYZ';
	const shape = pick(['A9', 'A99', 'AA9', 'AA99', 'A9A', 'AA9A']);
	let out = letter(A1);
	if (shape === 'A9') out += int(1, 9);
	else if (shape === 'A99') out += int(10, 99);
	else if (shape === 'AA9') out += letter(A2) + int(1, 9);
	else if (shape === 'AA99') out += letter(A2) + int(10, 99);
	else if (shape === 'A9A') out += int(1, 9) + letter(A3);
	else out += letter(A2) + int(1, 9) + letter(A4);
	return { out, inward: `${int(0, 9)}${letter(IN)}${letter(IN)}`, shape };
}

function postcode() {
	const form = weighted([[45, 'faker'], [35, 'built'], [12, 'built-nospace'], [8, 'built-lower']]);
	if (form === 'faker') {
		const t = GB.location.zipCode();
		if (!POSTCODE.test(t)) return null;	// faker's en_GB pattern allows letters the format does not
		return { text: t, form };
	}
	const { out, inward } = postcodeBuilt();
	if (form === 'built') return { text: `${out} ${inward}`, form };
	if (form === 'built-nospace') return { text: out + inward, form };
	return { text: `${out} ${inward}`.toLowerCase(), form };
}

function ssn() {
	let area;
	do area = int(1, 899); while (area === 666);
	const group = int(1, 99), serial = int(1, 9999);
	const s = `${pad(area, 3)}${pad(group, 2)}${pad(serial, 4)}`;
	if (/^(\d)\1*$/.test(s) || s === '078051120' || s === '123456789') return null;
	const sep = chance(0.75) ? '-' : ' ';
	return { text: `${s.slice(0, 3)}${sep}${s.slice(3, 5)}${sep}${s.slice(5)}`, form: sep === '-' ? 'dashes' : 'spaces' };
}

// ---- decoys: look-alikes that must survive -------------------------------

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July',
	'August', 'September', 'October', 'November', 'December'];

function decoyDate() {
	const y = int(1995, 2025), m = int(1, 12), d = int(1, 28);
	return pick([
	    `${y}-${pad(m, 2)}-${pad(d, 2)}`, `${pad(d, 2)}/${pad(m, 2)}/${y}`,
	    `${pad(d, 2)}.${pad(m, 2)}.${y}`, `${m}/${d}/${y}`, `${d}.${m}.${String(y).slice(2)}`,
	    `${d} ${MONTHS[m - 1]} ${y}`, `${MONTHS[m - 1]} ${d}, ${y}`, `${y}/${pad(m, 2)}/${pad(d, 2)}`,
	    `${pad(d, 2)}-${pad(m, 2)}-${y}`,
	    `${y}-${pad(m, 2)}-${pad(d, 2)}T${pad(int(0, 23), 2)}:${pad(int(0, 59), 2)}:${pad(int(0, 59), 2)}Z`]);
}

function group3(n, sep) {
	return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

function decoyAmount() {
	const big = pick([int(1000, 99999), int(100000, 9999999), int(10000000, 999999999),
	    R.number.int({ min: 1000000000, max: 99999999999 })]);
	const cents = pad(int(0, 99), 2);
	return pick([
	    `£${group3(big, ',')}`, `£${group3(big, ',')}.${cents}`, `$${group3(big, ',')}`,
	    `€${group3(big, '.')}`, `€ ${group3(big, '.')},${cents}`, `EUR ${group3(big, '.')}`,
	    `${group3(big, '.')} €`, `${group3(big, ',')} euros`, `USD ${group3(big, ',')}.${cents}`,
	    `${group3(big, ' ')} zł`, `CHF ${group3(big, "'")}`, `${group3(big, '\u00a0')}\u00a0€`]);
}

function decoyPercent() {
	return pick([`${int(1, 99)}%`, `${int(0, 99)}.${int(1, 99)}%`, `${int(0, 99)},${int(1, 9)} %`,
	    `${int(0, 100)} %`, `${int(0, 9)}.${pad(int(0, 999), 3)}%`]);
}

function decoyVersion() {
	return pick([`${int(1, 9)}.${int(0, 9)}.${int(0, 9)}.${int(0, 99)}`,
	    `${int(1, 20)}.${int(0, 20)}.${int(0, 255)}.${int(0, 255)}`,
	    `${int(10, 12)}.0.${int(10000, 22631)}.${int(100, 3000)}`,
	    `${int(1, 5)}.${int(0, 30)}.${int(0, 9)}`]);
}

function decoyLegal() {
	const y = int(1990, 2024), n = int(1, 2999);
	return pick([`Directive ${y}/${int(1, 120)}/EC`, `Regulation (EU) ${y}/${n}`,
	    `Directive (EU) ${y}/${int(1, 2500)}`, `Regulation (EC) No ${int(100, 2500)}/${y}`,
	    `Implementing Regulation (EU) ${y}/${n}`, `Case C-${int(1, 999)}/${pad(int(0, 24), 2)}`,
	    'Directive 2009/24/EC', 'Regulation (EU) 2016/679', `S.I. ${y}/${n}`,
	    `Article ${int(1, 99)}(${int(1, 9)}) of Regulation (EU) 2016/679`]);
}

function decoyUrl() {
	return pick([
	    `https://www.gov.uk/government/consultations/consultation-${int(2015, 2024)}-${digits(8)}`,
	    `https://ec.europa.eu/info/law/better-regulation/have-your-say/initiatives/${int(10000, 14999)}-Energy-efficiency_en`,
	    `https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:3${int(1995, 2024)}R${pad(int(1, 2999), 4)}`,
	    `https://www.regulations.gov/document/EPA-HQ-OAR-${int(2015, 2024)}-${pad(int(1, 999), 4)}-${pad(int(1, 9999), 4)}`,
	    `https://www.legislation.gov.uk/uksi/${int(2000, 2024)}/${int(1, 1999)}/contents/made`,
	    `https://example.org/reports/${int(2015, 2024)}/0${digits(9)}.pdf`,
	    `www.example.gov.uk/page/${digits(11)}`,
	    `https://www.bundestag.de/resource/blob/${digits(6)}/${R.string.hexadecimal({ length: 32, casing: 'lower', prefix: '' })}/drucksache-${int(19, 20)}-${int(1000, 9999)}-data.pdf`,
	    `https://data.example.eu/dataset/${digits(3)}.${digits(3)}.${digits(4)}?v=1.2.3.4`]);
}

function decoyCardInvalid() {
	const issuer = pick(['visa', 'mastercard', 'american_express', 'discover']);
	const raw = R.finance.creditCardNumber(issuer);
	const last = raw.charCodeAt(raw.length - 1) - 48;
	const bad = raw.slice(0, -1) + ((last + int(1, 9)) % 10);
	if (luhn(bad)) return null;
	const sep = pick([' ', '-', '']);
	return bad.includes('-') ? bad.replace(/-/g, sep) : bad;
}

function decoyIbanInvalid() {
	const cc = pick(['DE', 'FR', 'GB', 'NL', 'IT', 'ES', 'PL', 'BE', 'AT']);
	const good = R.finance.iban({ formatted: false, countryCode: cc });
	const ck = pad((Number(good.slice(2, 4)) + int(1, 96)) % 97 + 2, 2).slice(-2);
	const bad = good.slice(0, 2) + ck + good.slice(4);
	if (ibanOk(bad)) return null;
	return chance(0.5) ? bad.match(/.{1,4}/g).join(' ') : bad;
}

function decoySsnInvalid() {
	const area = pick(['000', '666', String(int(900, 999))]);
	const sep = chance(0.75) ? '-' : ' ';
	return `${area}${sep}${pad(int(1, 99), 2)}${sep}${pad(int(1, 9999), 4)}`;
}

function decoyPostcodeInvalid() {
	// Each breaks one rule of the format: Q/V/X first, I/J/Z second,
	// C/I/K/M/O/V in the inward code, or a letter where a digit goes.
	const { out, inward } = postcodeBuilt();
	const t = pick([
	    () => `${pick(['Q', 'V', 'X'])}${out.slice(1)} ${inward}`,
	    () => `${out[0]}${pick(['I', 'J', 'Z'])}${int(1, 9)} ${inward}`,
	    () => `${out} ${inward[0]}${pick(['C', 'I', 'K', 'M', 'O', 'V'])}${inward[2]}`,
	    () => `${out} ${inward.slice(0, 2)}${pick(['C', 'I', 'K', 'M', 'O', 'V'])}`,
	    () => `${out} ${letter('ABDEFGHJLN')}${inward.slice(1)}`])();
	if (POSTCODE.test(t)) return null;
	return t;
}

const DECOYS = {
	'order-number': { w: 8, gen: () => pick([digits(int(9, 12)), `0${digits(int(9, 10))}`, `00${digits(10)}`]),
	    tpl: ['My order number is {}.', 'Order {} was never delivered.', 'I quoted order no. {} twice.', 'They lost order {} in the system.'] },
	'invoice-number': { w: 6, gen: () => pick([digits(int(9, 12)), `0${digits(int(9, 10))}`]),
	    tpl: ['Invoice {} is still unpaid.', 'See invoice number {} from last year.', 'The invoice {} was wrong.'] },
	'account-number': { w: 5, gen: () => pick([digits(int(9, 12)), `0${digits(9)}`]),
	    tpl: ['My customer account no. {} was closed without notice.', 'Account number {} at the council shows the error.'] },
	date: { w: 8, gen: decoyDate,
	    tpl: ['The notice was dated {}.', 'Since {} nothing has changed.', 'The deadline of {} is too short.', 'On {} the scheme changed.'] },
	amount: { w: 8, gen: decoyAmount,
	    tpl: ['The scheme costs {} a year.', 'We paid {} in fees.', 'A budget of {} is not enough.', 'Compensation of {} was offered.'] },
	percent: { w: 4, gen: decoyPercent,
	    tpl: ['Prices rose by {} last year.', 'Only {} of residents were asked.', 'A cut of {} is proposed.'] },
	version: { w: 5, gen: decoyVersion,
	    tpl: ['The portal crashed on version {}.', 'After the update to version {} the form works.', 'Please test with version {} before launch.'] },
	legal: { w: 6, gen: decoyLegal,
	    tpl: ['This conflicts with {}.', 'See {} on this point.', 'The proposal ignores {} entirely.'] },
	url: { w: 6, gen: decoyUrl,
	    tpl: ['The impact assessment is at {} for anyone to read.', 'See {} for the figures.', 'Source: {}'] },
	'card-invalid': { w: 5, gen: decoyCardInvalid,
	    tpl: ['The leaflet shows a sample card number {} which looks wrong.', 'Example card {} was printed on the form.'] },
	'iban-invalid': { w: 5, gen: decoyIbanInvalid,
	    tpl: ['The form rejects an account like {} as it should.', 'The example account {} in the guidance is invalid.'] },
	'ssn-invalid': { w: 4, gen: decoySsnInvalid,
	    tpl: ['The guidance uses {} as an example number.', 'Test value {} appears in the sample form.'] },
	'case-ref': { w: 5, gen: () => pick([`Ref ${int(2015, 2024)}/${digits(6)}`, `Ref. ${int(2015, 2024)}/${digits(7)}`, `case reference ${int(2015, 2024)}/${digits(6)}`]),
	    tpl: ['Please quote {} in any reply.', 'This follows my complaint, {}.', 'Your letter ({}) did not answer it.'] },
	isbn: { w: 4, gen: () => `ISBN ${pick([R.commerce.isbn({ variant: 13, separator: '-' }), R.commerce.isbn({ variant: 10, separator: '-' }), R.commerce.isbn({ variant: 13, separator: '' }), R.commerce.isbn({ variant: 10, separator: '' })])}`,
	    tpl: ['The report ({}) covers this.', 'See the handbook, {}, chapter four.', 'As {} explains, the data are old.'] },
	'postcode-invalid': { w: 4, gen: decoyPostcodeInvalid,
	    tpl: ['The model code {} on the meter is not listed.', 'Part {} is out of stock.', 'Their reference {} means nothing to me.'] },
	time: { w: 5, gen: () => pick([`${pad(int(0, 23), 2)}:${pad(int(0, 59), 2)}:${pad(int(0, 59), 2)}`, `${pad(int(0, 23), 2)}:${pad(int(0, 59), 2)}`]),
	    tpl: ['The portal went down at {}.', 'The meeting starts at {} sharp.', 'The timestamp read {} on the receipt.'] },
};

// ---- sentences ------------------------------------------------------------
// Templates: [text with {}, ctx] where ctx says the words give the item away.

const T = {
	email: {
		en: [['My email is {}.', 1], ['Please write to me at {} with any questions.', 1], ['Contact: {}', 1],
		    ['You can e-mail {} for the full survey.', 1], ['Replies to {} please.', 0], ['{} is the address I use.', 0],
		    ['I already sent this to {} last month.', 0]],
		de: [['Meine E-Mail-Adresse: {}.', 1], ['Schreiben Sie mir an {}.', 0]],
		fr: [['Mon adresse e-mail est {}.', 1], ['Écrivez-moi à {}.', 0]],
		nl: [['Mijn e-mailadres is {}.', 1], ['Mail mij op {}.', 1]],
		it: [['La mia email è {}.', 1], ['Scrivetemi a {}.', 0]],
		es: [['Mi correo es {}.', 1], ['Escríbanme a {}.', 0]],
		pl: [['Mój e-mail to {}.', 1], ['Proszę pisać na {}.', 0]],
	},
	phone: {
		en: [['Please call me on {}.', 1], ['My phone number is {}.', 1], ['Tel: {}', 1], ['Mobile: {} (after 6pm).', 1],
		    ['Text me at {} if anything is unclear.', 1], ['You can ring {} most evenings.', 1],
		    ['I can be reached on {}.', 0], ['Details: {}.', 0], ['{} during office hours.', 0],
		    ['I am available on {} until Friday.', 0]],
		de: [['Telefon: {}', 1], ['Rufen Sie mich an unter {}.', 1], ['Meine Handynummer ist {}.', 1], ['Erreichbar unter {}.', 0]],
		fr: [['Mon numéro de téléphone est le {}.', 1], ['Appelez-moi au {}.', 1], ['Joignable au {}.', 0]],
		nl: [['Mijn telefoonnummer is {}.', 1], ['Bel mij op {}.', 1], ['Bereikbaar op {}.', 0]],
		it: [['Il mio numero di telefono è {}.', 1], ['Chiamatemi al {}.', 1], ['Cellulare: {}', 1], ['Reperibile al {}.', 0]],
		es: [['Mi teléfono es el {}.', 1], ['Llámame al {}.', 1], ['Móvil: {}', 1], ['Disponible en el {}.', 0]],
		pl: [['Mój numer telefonu: {}.', 1], ['Proszę dzwonić pod numer {}.', 1], ['Kontakt: {}', 1], ['Dostępny pod {}.', 0]],
	},
	iban: { en: [['My IBAN is {}.', 1], ['Please refund to {}.', 0], ['Bank details: IBAN {}', 1],
	    ['The payment went to {} 3 times by mistake.', 0], ['Account: {}', 1]],
	    de: [['Meine IBAN lautet {}.', 1]], fr: [['Mon IBAN : {}.', 1]], nl: [['Mijn rekeningnummer is {}.', 1]],
	    it: [['Il mio IBAN è {}.', 1]], es: [['Mi cuenta es {}.', 1]], pl: [['Numer konta: {}.', 1]] },
	card: { en: [['They charged my card {} twice.', 1], ['Card number: {}', 1], ['I paid with {} on the website.', 0],
	    ['The refund should go to {}.', 0]],
	    de: [['Meine Kreditkarte {} wurde belastet.', 1]], fr: [['Ma carte {} a été débitée.', 1]],
	    nl: [['Mijn creditcard {} is belast.', 1]], it: [['La mia carta {} è stata addebitata.', 1]],
	    es: [['Mi tarjeta {} fue cargada dos veces.', 1]], pl: [['Moja karta {} została obciążona.', 1]] },
	ip: { en: [['My IP address is {}.', 1], ['The portal logged me from {}.', 0], ['Blocked from {} after two tries.', 0],
	    ['Connection from {} failed.', 0]] },
	nino: { en: [['My National Insurance number is {}.', 1], ['NI number: {}', 1], ['Quote {} when you write.', 0],
	    ['My reference with HMRC is {}.', 1]] },
	nhs: { en: [['My NHS number is {}.', 1], ['NHS no. {}', 1], ['The surgery has me as {}.', 0],
	    ['Patient {} was discharged early.', 0]] },
	postcode: { en: [['I live in {}.', 0], ['My postcode is {}.', 1], ['Our street ({}) floods every winter.', 0],
	    ['The depot near {} is too noisy.', 0], ['Address: 12 High Street, Leeds {}', 1]] },
	ssn: { en: [['My SSN is {}.', 1], ['Social Security number {} was on the letter.', 1], ['They printed {} on the envelope.', 0],
	    ['My number {} was leaked.', 0]] },
	name: {
		en: [['My name is {}.', 1], ['Kind regards, {}', 1], ['I, {}, object to this proposal.', 1], ['Signed: {}', 1],
		    ['{} has lived here for years.', 0], ['Ask anyone about {} in the village.', 0]],
		de: [['Mit freundlichen Grüßen, {}', 1], ['Ich heiße {}.', 1]],
		fr: [['Cordialement, {}', 1], ['Je m\'appelle {}.', 1]],
		nl: [['Met vriendelijke groet, {}', 1], ['Mijn naam is {}.', 1]],
		it: [['Cordiali saluti, {}', 1], ['Mi chiamo {}.', 1]],
		es: [['Atentamente, {}', 1], ['Me llamo {}.', 1]],
		pl: [['Z poważaniem, {}', 1], ['Nazywam się {}.', 1]],
	},
};

const FILLER = {
	en: ['I support the aims of this proposal but not the way it is funded.', 'The consultation period was far too short for residents.',
	    'Nobody in our street was told about the changes.', 'Public transport in the area is already overstretched.',
	    'Please consider the impact on small businesses.', 'The online form kept timing out, which was frustrating.',
	    'I strongly disagree with the plan to close the library.', 'More trees and cycle lanes would help everyone.',
	    'The questions were leading and hard to answer honestly.', 'Older people will struggle with the new online system.',
	    'We need better enforcement, not more rules.', 'The council should publish the full costs before deciding.',
	    'Noise from the site has been a problem for a long time.', 'This will make housing even less affordable.',
	    'I welcome the extra funding for local schools.', 'Look at the traffic on the main road in the morning.'],
	de: ['Ich lehne den Vorschlag in dieser Form ab.', 'Die Frist für die Beteiligung war viel zu kurz.',
	    'Der öffentliche Nahverkehr ist schon jetzt überlastet.', 'Bitte berücksichtigen Sie die Folgen für kleine Betriebe.',
	    'Die Kosten sollten vor der Entscheidung offengelegt werden.'],
	fr: ['Je soutiens les objectifs de ce projet.', 'La durée de la consultation était beaucoup trop courte.',
	    'Les transports en commun sont déjà saturés.', 'Il faut penser aux petites entreprises de la commune.',
	    'Le coût total devrait être publié avant toute décision.'],
	nl: ['Ik steun het doel van dit voorstel.', 'De termijn voor reacties was veel te kort.',
	    'Het openbaar vervoer is nu al overbelast.', 'Denk ook aan de kleine ondernemers in de wijk.'],
	it: ['Sostengo gli obiettivi di questa proposta.', 'Il periodo di consultazione era troppo breve.',
	    'I trasporti pubblici sono già sovraccarichi.', 'Bisogna pensare alle piccole imprese del quartiere.'],
	es: ['Apoyo los objetivos de esta propuesta.', 'El plazo de la consulta fue demasiado corto.',
	    'El transporte público ya está saturado.', 'Hay que pensar en los pequeños comercios del barrio.'],
	pl: ['Popieram cele tego projektu.', 'Okres konsultacji był zdecydowanie za krótki.',
	    'Komunikacja miejska jest już przeciążona.', 'Proszę uwzględnić skutki dla małych firm.'],
};

// A template for cat in the record's language: its own language 1/2 of
// the time (when it has one), English otherwise.
function template(cat, lang) {
	const t = T[cat];
	if (lang !== 'en' && t[lang] && chance(0.5)) return pick(t[lang]);
	return pick(t.en);
}

// ---- names ----------------------------------------------------------------

function nameItem(first, last) {
	const full = `${first} ${last}`;
	const forms = [[25, 'full'], [20, 'first'], [20, 'last'], [8, 'full-upper'], [8, 'full-lower'], [10, 'last-possessive']];
	if (asciify(full) !== full) forms.push([15, 'full-ascii']);
	const form = weighted(forms);
	switch (form) {
	case 'full': return { text: full, form };
	case 'first': return { text: first, form };
	case 'last': return { text: last, form };
	case 'full-upper': return { text: full.toUpperCase(), form };
	case 'full-lower': return { text: full.toLowerCase(), form };
	case 'last-possessive': return { text: `${last}'s`, form };
	default: return { text: asciify(full), form };
	}
}

// ---- records ---------------------------------------------------------------

const CATS = [['email', 12], ['phone', 16], ['iban', 10], ['card', 10], ['ip', 10],
	['nino', 9], ['nhs', 9], ['postcode', 9], ['ssn', 9]];
const GEN = { email, phone, iban, card, ip, nino, nhs, postcode, ssn };
const DECOY_TYPES = Object.entries(DECOYS).map(([k, v]) => [v.w, k]);
const QUESTIONS = ['q3', 'q4', 'q5'];
const ANSWERS = ['Strongly agree', 'Agree', 'Neither agree nor disagree', 'Disagree', 'Strongly disagree'];

const counts = { pii: {}, decoy: {} };
const bump = (k, c) => { counts[k][c] = (counts[k][c] || 0) + 1; };

function makeItem(cat, loc) {
	for (let tries = 0; tries < 50; tries++) {
		const it = GEN[cat](loc);
		if (it) return it;
		reject(cat);
	}
	throw new Error(`cannot make a valid ${cat}`);
}

function makeDecoy(type) {
	for (let tries = 0; tries < 50; tries++) {
		const t = DECOYS[type].gen();
		if (t) return t;
		reject(`decoy ${type}`);
	}
	throw new Error(`cannot make a ${type} decoy`);
}

function record(n) {
	const loc = weighted([[22, 'GB'], [14, 'US'], [12, 'DE'], [12, 'FR'], [10, 'NL'], [10, 'IT'], [10, 'ES'], [10, 'PL']]);
	const lang = LANG[loc];
	const f = F[loc];
	const first = f.person.firstName(), last = f.person.lastName();
	const id = `R${pad(n + 1, 7)}`;
	const sentences = [];	// { text, marks: [{offset, len, ...}] }

	const plant = (kind, category, form, tpl, text, wrap = ['', '']) => {
		const [t0, ctx] = tpl;
		// A sentence ends with a full stop (a sign-off with a name may
		// not), so that two numbers never run into each other.
		const t1 = t0.endsWith('{}') && category !== 'name' ? `${t0}.` : t0;
		const t = t1.replace('{}', `${wrap[0]}{}${wrap[1]}`);
		const at = t.indexOf('{}');
		const s = t.slice(0, at) + text + t.slice(at + 2);
		sentences.push({ text: s, mark: { kind, category, form, ctx: !!ctx, text,
		    offset: [...t.slice(0, at)].length, len: [...text].length } });
		bump(kind, category);
	};

	const nitems = int(3, 7);
	for (let i = 0; i < nitems; i++) {
		const cat = weighted(CATS.map(([c, w]) => [w, c]));
		const it = makeItem(cat, loc);
		plant('pii', cat, it.form, template(cat, lang), it.text, it.wrap);
	}
	if (chance(0.5)) {
		const it = nameItem(first, last);
		plant('pii', 'name', it.form, template('name', lang), it.text);
	}
	const ndecoys = int(1, 5);
	for (let i = 0; i < ndecoys; i++) {
		const type = weighted(DECOY_TYPES);
		plant('decoy', type, type, [pick(DECOYS[type].tpl), 0], makeDecoy(type));
	}
	const nfill = int(1, 4);
	for (let i = 0; i < nfill; i++)
		sentences.push({ text: pick(lang !== 'en' && chance(0.6) ? FILLER[lang] : FILLER.en) });

	// Shuffle, then deal the sentences into the comment fields.
	const order = R.helpers.shuffle(sentences);
	const fields = QUESTIONS.map(() => []);
	order.forEach((s, i) => fields[i < QUESTIONS.length ? i : int(0, QUESTIONS.length - 1)].push(s));
	const comments = {}, gold = [];
	fields.forEach((list, qi) => {
		if (list.length === 0) return;
		const q = QUESTIONS[qi];
		let text = '', cp = 0;
		list.forEach((s, si) => {
			if (si > 0) {
				const sep = chance(0.15) ? '\n' : ' ';
				text += sep;
				cp += 1;
			}
			const len = [...s.text].length;
			if (s.mark) {
				const m = s.mark;
				gold.push({ id, field: `comments.${q}`, kind: m.kind, category: m.category,
				    form: m.form, locale: loc, ctx: m.ctx, text: m.text,
				    start: cp + m.offset, end: cp + m.offset + m.len, sent: [cp, cp + len] });
			}
			text += s.text;
			cp += len;
		});
		comments[q] = text;
	});
	const rec = {
		gd: 1, kind: 'response', id, consultation: 'bench-redact',
		submitted: `2024-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)}T${pad(int(0, 23), 2)}:${pad(int(0, 59), 2)}:${pad(int(0, 59), 2)}Z`,
		respondent: { type: 'citizen', name: `${first} ${last}`,
		    email: f.internet.email({ firstName: first, lastName: last }), country: loc === 'GB' ? 'GB' : loc },
		consent: 'anonymous',
		answers: { q1: pick(ANSWERS), q2: pick(ANSWERS) },
		comments,
	};
	return { rec, gold };
}

// ---- output ----------------------------------------------------------------

async function write(stream, s) {
	if (!stream.write(s)) await once(stream, 'drain');
}

async function close(stream) {
	stream.end();
	await once(stream, 'finish');
}

async function main() {
	mkdirSync(opt.out, { recursive: true });
	const corpus = createWriteStream(`${opt.out}/redact-corpus.ndjson`);
	const goldf = createWriteStream(`${opt.out}/redact-gold.jsonl`);
	const lines = [];
	let npii = 0, ndecoy = 0;
	for (let i = 0; i < opt.records; i++) {
		const { rec, gold } = record(i);
		const line = JSON.stringify(rec) + '\n';
		if (opt.speedBytes > 0) lines.push(line);
		await write(corpus, line);
		let g = '';
		for (const x of gold) {
			g += JSON.stringify(x) + '\n';
			if (x.kind === 'pii') npii++; else ndecoy++;
		}
		await write(goldf, g);
	}
	await close(corpus);
	await close(goldf);

	let bytes = 0, copies = 0;
	if (opt.speedBytes > 0) {
		// The same records again and again, each copy's ids made unique.
		const speed = createWriteStream(`${opt.out}/redact-speed.ndjson`);
		for (copies = 1; bytes < opt.speedBytes; copies++) {
			const tag = `"id":"R`;
			let chunk = '';
			for (const line of lines) {
				chunk += copies === 1 ? line : line.replace(tag, `"id":"C${copies}-R`);
				if (chunk.length > 1 << 20) {
					bytes += Buffer.byteLength(chunk);
					await write(speed, chunk);
					chunk = '';
				}
			}
			bytes += Buffer.byteLength(chunk);
			await write(speed, chunk);
		}
		copies--;
		await close(speed);
	}

	const fmt = (o) => Object.entries(o).sort().map(([k, v]) => `${k} ${v}`).join(', ');
	process.stderr.write(`redact-corpus: ${opt.records} records, ${npii} planted items, ${ndecoy} decoys\n` +
	    `  items:  ${fmt(counts.pii)}\n  decoys: ${fmt(counts.decoy)}\n` +
	    `  faker values set aside as invalid: ${Object.keys(rejected).length ? fmt(rejected) : 'none'}\n`);
	if (opt.speedBytes > 0)
		process.stderr.write(`  speed file: ${copies} copies, ${(bytes / 1e6).toFixed(1)} MB\n`);
}

main().catch((e) => {
	process.stderr.write(`redact-corpus: ${e.stack || e}\n`);
	process.exit(1);
});
