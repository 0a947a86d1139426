//! The attributes a condition may read of a user, an item, an access grant
//! and the account, resolved when a policy is compiled.
//!
//! A condition's `target.status` or `item.type` is checked against these
//! names when the policy loads (with "did you mean" hints) and replaced by
//! its [`Attr`], so that evaluating it is a `match` on a small enum rather
//! than a comparison of strings for every item a preview visits. The stored
//! attributes are the serde names of the model's fields (`tests/attributes.rs`
//! fails when a field of [`crate::model::User`], [`crate::model::Item`],
//! [`crate::model::Share`] or [`crate::model::Account`] has no attribute);
//! the others are computed (`rank`, `leaving`, `items`, `name`, `roleLabel`).

/// Declares an attribute enum and the list of its names, in one order.
macro_rules! attributes {
    ($(#[$meta:meta])* $enum:ident, $names:ident { $($variant:ident = $name:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $enum {
            $($variant,)*
        }

        /// Every name, in declaration order (the order of the enum).
        pub const $names: &[&str] = &[$($name,)*];

        impl $enum {
            const ALL: &'static [$enum] = &[$($enum::$variant,)*];

            /// The attribute of this name.
            pub fn named(name: &str) -> Option<$enum> {
                let i = $names.iter().position(|n| *n == name)?;
                Self::ALL.get(i).copied()
            }
        }
    };
}

attributes! {
    /// What a condition reads of a user.
    UserAttr, USER_ATTRS {
        Id = "id",
        Role = "role",
        Rank = "rank",
        Status = "status",
        Licence = "licence",
        Sso = "sso",
        LastActiveAt = "lastActiveAt",
        StatusChangedAt = "statusChangedAt",
        Fields = "fields",
        Permissions = "permissions",
        Groups = "groups",
        Placeholder = "placeholder",
        Leaving = "leaving",
        Items = "items",
        Name = "name",
        RoleLabel = "roleLabel",
    }
}

attributes! {
    /// What a condition reads of an item.
    ItemAttr, ITEM_ATTRS {
        Id = "id",
        Type = "type",
        Status = "status",
        Container = "container",
        Refs = "refs",
        Shares = "shares",
        Fields = "fields",
    }
}

attributes! {
    /// What a condition reads of an access grant (an item's `shares`).
    ShareAttr, SHARE_ATTRS {
        User = "user",
        Role = "role",
    }
}

attributes! {
    /// What a condition reads of the account.
    AccountAttr, ACCOUNT_ATTRS {
        Plan = "plan",
        Sso = "sso",
        Settings = "settings",
    }
}

/// An attribute of a known kind of value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attr {
    User(UserAttr),
    Item(ItemAttr),
    Share(ShareAttr),
    Account(AccountAttr),
}

/// A member read in a condition (`x.name`): its name as written, and the
/// attribute it resolves to when the compiler knows what `x` is (a user, an
/// item, a grant, the account). Unresolved, it is a key of a JSON object
/// (`target.fields.department`) or read by name at run time.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub name: String,
    pub attr: Option<Attr>,
}

impl Member {
    /// A member not resolved yet.
    pub fn new(name: String) -> Member {
        Member { name, attr: None }
    }
}

impl PartialEq<str> for Member {
    fn eq(&self, other: &str) -> bool {
        self.name == other
    }
}

impl PartialEq<&str> for Member {
    fn eq(&self, other: &&str) -> bool {
        self.name == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_variants_agree() {
        for (i, n) in USER_ATTRS.iter().enumerate() {
            assert_eq!(UserAttr::named(n).map(|a| a as usize), Some(i));
        }
        for (i, n) in ITEM_ATTRS.iter().enumerate() {
            assert_eq!(ItemAttr::named(n).map(|a| a as usize), Some(i));
        }
        assert_eq!(ShareAttr::named("role"), Some(ShareAttr::Role));
        assert_eq!(AccountAttr::named("settings"), Some(AccountAttr::Settings));
        assert_eq!(ItemAttr::named("statsu"), None);
    }
}
