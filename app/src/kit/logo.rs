use leptos::prelude::*;

/// The three drawings of the "Node" mark.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NodeMarkVariant {
    /// The bowl of the "d" is a ring: the everyday mark.
    #[default]
    Donut,
    /// The bowl is a filled node: for small sizes and favicons.
    Solid,
    /// Line-only drawing: for engraving, watermarks and single-colour print.
    Outline,
}

impl NodeMarkVariant {
    pub const ALL: [NodeMarkVariant; 3] = [Self::Donut, Self::Solid, Self::Outline];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Donut => "donut",
            Self::Solid => "solid",
            Self::Outline => "outline",
        }
    }
}

/// The dezky "Node" mark: a squircle holding a lowercase "d" whose bowl is a node.
/// On dark surfaces (`on_dark`) it is a signal-green squircle with a carbon "d".
/// Decorative by default (`aria-hidden`); the surrounding link or heading names it.
#[component]
pub fn NodeMark(
    #[prop(optional)] variant: NodeMarkVariant,
    #[prop(optional)] on_dark: bool,
    #[prop(default = 32)] size: u32,
) -> impl IntoView {
    let class = format!(
        "node-mark node-mark--{}{}",
        variant.as_str(),
        if on_dark { " node-mark--on-dark" } else { "" }
    );
    let outline = variant == NodeMarkVariant::Outline;
    view! {
        <svg
            class=class
            width=size
            height=size
            viewBox="0 0 32 32"
            aria-hidden="true"
            focusable="false"
        >
            <path
                class="node-mark__tile"
                d="M16 1.5c10.4 0 14.5 4.1 14.5 14.5S26.4 30.5 16 30.5 1.5 26.4 1.5 16 5.6 1.5 16 1.5z"
                stroke-width=if outline { "1.5" } else { "0" }
            />
            {match variant {
                NodeMarkVariant::Donut => {
                    view! {
                        <circle class="node-mark__bowl" cx="13.5" cy="18" r="5" fill="none" stroke-width="3.2" />
                    }
                        .into_any()
                }
                NodeMarkVariant::Solid => {
                    view! { <circle class="node-mark__node" cx="13.5" cy="18" r="6.6" /> }.into_any()
                }
                NodeMarkVariant::Outline => {
                    view! {
                        <circle class="node-mark__bowl" cx="13.5" cy="18" r="5" fill="none" stroke-width="1.5" />
                    }
                        .into_any()
                }
            }}
            <rect
                class=if outline { "node-mark__stem node-mark__stem--line" } else { "node-mark__stem" }
                x="18.9"
                y="7"
                width="3.2"
                height="17.6"
                rx="1.6"
                stroke-width=if outline { "1.5" } else { "0" }
            />
        </svg>
    }
}

/// The mark with the "dezky" wordmark. The wordmark has its own colour so the
/// lockup reads on dark surfaces too.
#[component]
pub fn NodeLockup(
    #[prop(optional)] variant: NodeMarkVariant,
    #[prop(optional)] on_dark: bool,
    #[prop(default = 32)] size: u32,
) -> impl IntoView {
    let class = if on_dark {
        "node-lockup node-lockup--on-dark"
    } else {
        "node-lockup"
    };
    view! {
        <span class=class>
            <NodeMark variant on_dark size />
            <span class="node-lockup__word">"dezky"</span>
        </span>
    }
}
