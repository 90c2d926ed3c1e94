//! ISO 3166-1 alpha-2 codes, and which of them are in the EU/EEA.

/// All officially assigned ISO 3166-1 alpha-2 codes.
const ISO_3166_ALPHA2: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ \
BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI \
FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT \
JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ \
MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS \
RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA \
UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// EU member states plus Iceland, Liechtenstein and Norway: the GDPR applies there directly.
const EU_EEA: &str =
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK IS LI NO";

pub fn is_iso_alpha2(code: &str) -> bool {
    code.len() == 2 && ISO_3166_ALPHA2.split_whitespace().any(|c| c == code)
}

pub fn is_eu_eea(code: &str) -> bool {
    EU_EEA.split_whitespace().any(|c| c == code)
}

/// Switzerland has an EU adequacy decision; the profile counts it with the EU/EEA.
pub fn is_gdpr_adequate_seat(code: &str) -> bool {
    is_eu_eea(code) || code == "CH"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert!(is_iso_alpha2("DE") && is_iso_alpha2("CH") && is_iso_alpha2("US"));
        assert!(
            !is_iso_alpha2("de")
                && !is_iso_alpha2("EU")
                && !is_iso_alpha2("UK")
                && !is_iso_alpha2("DEU")
        );
        assert!(is_eu_eea("NO") && !is_eu_eea("CH") && !is_eu_eea("GB"));
        assert_eq!(ISO_3166_ALPHA2.split_whitespace().count(), 249);
    }
}
