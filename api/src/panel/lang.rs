//! Error descriptions in the languages `lang=` may ask for (seed 004).
//!
//! English is the default and the fallback: a language trackgate does not
//! have, or a code it has no translation of, is described in English.
//! Only the description of the status is translated; the `errors` list of
//! code 7 (parameter names and what is wrong) stays in English, as it is
//! meant for the developer of a client rather than its user.

use crate::error::Code;

/// A language answers may be given in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// `en`, the default.
    #[default]
    English,
    /// `de`.
    German,
    /// `ru`.
    Russian,
}

impl Lang {
    /// The language `lang` names by its ISO 639-1 code, with or without a
    /// region (`de`, `de_DE`, `ru-RU`); English for anything else.
    pub fn named(lang: &str) -> Self {
        let code = lang.get(..2).unwrap_or("").to_ascii_lowercase();
        let whole = lang.len() == 2 || matches!(lang.as_bytes().get(2), Some(b'_' | b'-'));
        match (code.as_str(), whole) {
            ("de", true) => Lang::German,
            ("ru", true) => Lang::Russian,
            _ => Lang::English,
        }
    }

    /// How `code` is described in this language.
    pub fn describe(self, code: Code) -> &'static str {
        let translated =
            TRANSLATIONS
                .iter()
                .find(|(c, ..)| *c == code)
                .map(|(_, de, ru)| match self {
                    Lang::English => code.description(),
                    Lang::German => de,
                    Lang::Russian => ru,
                });
        translated.unwrap_or_else(|| code.description())
    }
}

/// `(code, German, Russian)`: every code the Panel API answers.
const TRANSLATIONS: &[(Code, &str, &str)] = &[
    (Code::DatabaseError, "Datenbankfehler", "Ошибка базы данных"),
    (Code::WrongHash, "Falscher Hash", "Неверный хеш"),
    (
        Code::SessionNotFound,
        "Benutzer nicht gefunden oder Sitzung beendet",
        "Пользователь не найден или сессия завершена",
    ),
    (
        Code::WrongRequestFormat,
        "Falsches Anfrageformat",
        "Неверный формат запроса",
    ),
    (
        Code::UnexpectedError,
        "Unerwarteter Fehler",
        "Непредвиденная ошибка",
    ),
    (
        Code::InvalidParameters,
        "Ungültige Parameter",
        "Неверные параметры",
    ),
    (
        Code::TooLargeRequest,
        "Anfrage zu groß",
        "Слишком большой запрос",
    ),
    (Code::AccessDenied, "Zugriff verweigert", "Доступ запрещён"),
    (
        Code::DealerNotFound,
        "Händler nicht gefunden",
        "Дилер не найден",
    ),
    (
        Code::OperationNotPermitted,
        "Vorgang nicht erlaubt",
        "Операция не разрешена",
    ),
    (
        Code::TooManyRequests,
        "Zu viele Anfragen (Limit überschritten)",
        "Слишком много запросов (превышен лимит)",
    ),
    (Code::WrongHandler, "Falscher Aufruf", "Неверный обработчик"),
    (Code::WrongMethod, "Falsche Methode", "Неверный метод"),
    (
        Code::NotFound,
        "Nicht in der Datenbank gefunden",
        "Не найдено в базе данных",
    ),
    (
        Code::LoginAlreadyInUse,
        "Login wird bereits verwendet",
        "Логин уже используется",
    ),
    (
        Code::NotSupportedByDevice,
        "Vorgang oder Parameter werden vom Gerät nicht unterstützt",
        "Операция или параметры не поддерживаются устройством",
    ),
    (
        Code::DeviceAlreadyConnected,
        "Gerät bereits verbunden",
        "Устройство уже подключено",
    ),
    (
        Code::DuplicateEntityLabel,
        "Doppelte Bezeichnung",
        "Повторяющееся название",
    ),
    (
        Code::DeviceBlocked,
        "Gerät gesperrt",
        "Устройство заблокировано",
    ),
    (
        Code::DeviceOffline,
        "Nicht möglich: das Gerät ist offline",
        "Действие невозможно: устройство не в сети",
    ),
    (
        Code::NotAllowedForClones,
        "Für Klone des Geräts nicht erlaubt",
        "Не разрешено для клонов устройства",
    ),
    (
        Code::DeviceLimitExceeded,
        "Gerätelimit überschritten",
        "Превышен лимит устройств",
    ),
    (
        Code::PhoneAlreadyInUse,
        "Telefonnummer wird bereits verwendet",
        "Номер телефона уже используется",
    ),
    (
        Code::DeviceIdAlreadyInUse,
        "Geräte-ID wird bereits verwendet",
        "ID устройства уже используется",
    ),
    (
        Code::TariffChangeNotAllowed,
        "Tarifwechsel nicht erlaubt",
        "Смена тарифа не разрешена",
    ),
    (
        Code::TariffNotFound,
        "Der neue Tarif existiert nicht",
        "Новый тариф не существует",
    ),
    (
        Code::BundledSim,
        "Die Nummer gehört zu einer mit einem Gerät gebündelten SIM",
        "Номер принадлежит SIM-карте, поставляемой с устройством",
    ),
    (
        Code::InvalidUserId,
        "Ungültige Benutzer-ID",
        "Неверный ID пользователя",
    ),
    (
        Code::EntityAlreadyExists,
        "Eintrag existiert bereits",
        "Сущность уже существует",
    ),
    (
        Code::InsufficientFunds,
        "Unzureichendes Guthaben",
        "Недостаточно средств",
    ),
    (
        Code::DeviceAlreadyCorrupted,
        "Gerät bereits zerstört",
        "Устройство уже повреждено",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_named_by_their_code_and_fall_back_to_english() {
        assert_eq!(Lang::named("de"), Lang::German);
        assert_eq!(Lang::named("ru_RU"), Lang::Russian);
        assert_eq!(Lang::named("de-AT"), Lang::German);
        assert_eq!(Lang::named("dex"), Lang::English);
        assert_eq!(Lang::named("fr"), Lang::English);
        assert_eq!(Lang::named(""), Lang::English);
        assert_eq!(Lang::named("ру"), Lang::English);
    }

    #[test]
    fn every_translated_code_differs_from_english_and_others_fall_back() {
        for (code, de, ru) in TRANSLATIONS {
            assert_eq!(Lang::German.describe(*code), *de);
            assert_eq!(Lang::Russian.describe(*code), *ru);
            assert_ne!(*de, code.description(), "{code:?}");
            assert_eq!(Lang::English.describe(*code), code.description());
        }
        assert_eq!(
            Lang::German.describe(Code::ClonesOnly),
            Code::ClonesOnly.description()
        );
    }
}
