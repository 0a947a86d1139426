//! The condition language's attributes follow the model's types: every
//! field a user, an item, an access grant or the account has in a snapshot
//! (its serde name) can be read in a condition under that name. A field
//! added to the model without an attribute fails here (`src/attr.rs`).
#![allow(clippy::unwrap_used, clippy::panic)]

use offboard::attr::{ACCOUNT_ATTRS, ITEM_ATTRS, SHARE_ATTRS, USER_ATTRS};
use offboard::model::{Account, Item, Share, User};
use serde::de::{self, Deserialize, Deserializer, Visitor};

/// A deserializer that only records the field names a derived reader asks for.
struct Fields(Vec<&'static str>);

impl<'de> Deserializer<'de> for &mut Fields {
    type Error = de::value::Error;

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.extend_from_slice(fields);
        Err(de::Error::custom("fields recorded"))
    }

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not a struct"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

fn fields<'de, T: Deserialize<'de>>() -> Vec<&'static str> {
    let mut f = Fields(Vec::new());
    assert!(T::deserialize(&mut f).is_err());
    assert!(!f.0.is_empty(), "no fields recorded");
    f.0
}

fn covered(what: &str, fields: Vec<&'static str>, attrs: &[&str]) {
    for f in fields {
        assert!(
            attrs.contains(&f),
            "{what} field `{f}` has no attribute in src/attr.rs"
        );
    }
}

#[test]
fn every_stored_field_is_an_attribute() {
    covered("user", fields::<User>(), USER_ATTRS);
    covered("item", fields::<Item>(), ITEM_ATTRS);
    covered("share", fields::<Share>(), SHARE_ATTRS);
    covered("account", fields::<Account>(), ACCOUNT_ATTRS);
}

#[test]
fn the_recorder_sees_renamed_fields() {
    let item = fields::<Item>();
    assert!(item.contains(&"type"), "{item:?}");
    let user = fields::<User>();
    assert!(user.contains(&"lastActiveAt"), "{user:?}");
}
