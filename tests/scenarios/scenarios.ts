// The labelled fraud scenarios: each plays real shoppers (or fraudsters) through the store and
// says what a careful store should do with the payments it judges. Fraud must be HELD with the
// named rule among those that fired; a legitimate payment must be PAID (captured).
import type { RuleId } from "@/lib/fraud/types";
import { CARDS, IPS, PLACES, type Driver } from "./driver";

export type Scenario = {
  name: string;
  kind: "fraud" | "legitimate";
  /** Fraud: the rule that must be named on the hold. */
  rule?: RuleId;
  /** Plays the scenario; returns the orders to judge (usually the last one). */
  play(d: Driver): Promise<string[]>;
};

const fraud = (name: string, rule: RuleId, play: Scenario["play"]): Scenario => ({ name, kind: "fraud", rule, play });
const legit = (name: string, play: Scenario["play"]): Scenario => ({ name, kind: "legitimate", play });

/** A customer who registers from `ip` and checks out with their own card in their own name. */
async function customerOrder(
  d: Driver,
  o: {
    name: string;
    email: string;
    signupIp: string;
    orderIp?: string;
    place?: keyof typeof PLACES;
    card?: string;
    cardholder?: string;
  },
) {
  const userId = await d.register(o.name, o.email, o.signupIp);
  const place = PLACES[o.place ?? "US"];
  return [
    await d.order({
      ip: o.orderIp ?? o.signupIp,
      email: o.email,
      userId,
      ship: { name: o.name, ...place },
      payments: [{ card: o.card ?? d.newCard(), name: o.cardholder ?? o.name }],
    }),
  ];
}

const sameNameAs = (form: string): Scenario =>
  legit(`account "Alice Martin", card "${form}"`, (d) =>
    customerOrder(d, { name: "Alice Martin", email: "alice@example.com", signupIp: IPS.US, cardholder: form }),
  );

export const SCENARIOS: Scenario[] = [
  // ---- legitimate ----
  legit("a US customer with a US card in their own name", (d) =>
    customerOrder(d, { name: "Lin Chen", email: "lin@example.com", signupIp: IPS.US }),
  ),
  sameNameAs("Alice Martin"),
  sameNameAs("ALICE MARTIN"),
  sameNameAs("Martin, Alice"),
  sameNameAs("A. Martin"),
  sameNameAs("Alice B. Martin"),
  sameNameAs("  alice   martin "),
  legit('accents: account "José Álvarez", card "JOSE ALVAREZ"', (d) =>
    customerOrder(d, { name: "José Álvarez", email: "jose@example.com", signupIp: IPS.US, cardholder: "JOSE ALVAREZ" }),
  ),
  legit('hyphens: account "Anne-Marie Dupont", card "Anne Marie Dupont"', (d) =>
    customerOrder(d, {
      name: "Anne-Marie Dupont",
      email: "anne@example.com",
      signupIp: IPS.US,
      cardholder: "Anne Marie Dupont",
    }),
  ),
  legit('a middle name on the account: "Robert James Brown", card "Robert Brown"', (d) =>
    customerOrder(d, {
      name: "Robert James Brown",
      email: "rob@example.com",
      signupIp: IPS.US,
      cardholder: "Robert Brown",
    }),
  ),
  legit("a repeat customer travelling in Germany with the card they paid with before", async (d) => {
    const userId = await d.register("Maya Patel", "maya@example.com", IPS.US);
    const card = d.newCard();
    const first = await d.order({
      ip: IPS.US,
      email: "maya@example.com",
      userId,
      ship: { name: "Maya Patel", ...PLACES.US },
      payments: [{ card, name: "Maya Patel" }],
    });
    await d.age(first, 20);
    return [
      await d.order({
        ip: IPS.DE,
        email: "maya@example.com",
        userId,
        ship: { name: "Maya Patel", ...PLACES.US },
        payments: [{ card, name: "Maya Patel" }],
      }),
    ];
  }),
  legit("two accounts in one household: same address and network, each with their own card", async (d) => {
    const a = await customerOrder(d, { name: "Sam Reed", email: "sam@example.com", signupIp: IPS.US2 });
    const b = await customerOrder(d, { name: "Kim Reed", email: "kim@example.com", signupIp: IPS.US2 });
    return [...a, ...b];
  }),
  legit("a customer on a private network address (no country known)", (d) =>
    customerOrder(d, { name: "Noor Haddad", email: "noor@example.com", signupIp: IPS.PRIVATE, orderIp: IPS.HOME_LAN }),
  ),
  legit("a guest on a loopback address", async (d) => [
    await d.order({
      ip: IPS.LOOPBACK,
      email: "loop@example.com",
      ship: { name: "Lee Park", ...PLACES.US },
      payments: [{ card: d.newCard(), name: "Lee Park" }],
    }),
  ]),
  legit("a German customer with a German card", (d) =>
    customerOrder(d, {
      name: "Jonas Weber",
      email: "jonas@example.de",
      signupIp: IPS.DE,
      place: "DE",
      card: CARDS.germany,
    }),
  ),
  legit("a British customer with a British card", (d) =>
    customerOrder(d, {
      name: "Olivia Smith",
      email: "olivia@example.co.uk",
      signupIp: IPS.GB,
      place: "GB",
      card: CARDS.britain,
    }),
  ),
  legit("a Canadian customer with a Canadian card", (d) =>
    customerOrder(d, {
      name: "Élodie Tremblay",
      email: "elodie@example.ca",
      signupIp: IPS.CA,
      place: "CA",
      card: CARDS.canada,
    }),
  ),
  legit("a returning customer's second card, three weeks after the first", async (d) => {
    const userId = await d.register("Omar Farouk", "omar@example.com", IPS.US);
    const first = await d.order({
      ip: IPS.US,
      email: "omar@example.com",
      userId,
      ship: { name: "Omar Farouk", ...PLACES.US },
      payments: [{ card: d.newCard(), name: "Omar Farouk" }],
    });
    await d.age(first, 21);
    return [
      await d.order({
        ip: IPS.US,
        email: "omar@example.com",
        userId,
        ship: { name: "Omar Farouk", ...PLACES.US },
        payments: [{ card: d.newCard(), name: "Omar Farouk" }],
      }),
    ];
  }),
  legit("a customer ordering twice in a day with the same card", async (d) => {
    const userId = await d.register("Eva Novak", "eva@example.com", IPS.US);
    const order = () =>
      d.order({
        ip: IPS.US,
        email: "eva@example.com",
        userId,
        ship: { name: "Eva Novak", ...PLACES.US },
        payments: [{ card, name: "Eva Novak" }],
      });
    const card = d.newCard();
    return [await order(), await order()];
  }),
  legit("a guest in the US with a US card", async (d) => [
    await d.order({
      ip: IPS.US,
      email: "guest1@example.com",
      ship: { name: "Ivy Chen", ...PLACES.US },
      payments: [{ card: d.newCard(), name: "Ivy Chen" }],
    }),
  ]),
  legit("a guest with a +tag address", async (d) => [
    await d.order({
      ip: IPS.US2,
      email: "ivan+shop@example.com",
      ship: { name: "Ivan Petrov", ...PLACES.US },
      payments: [{ card: d.newCard(), name: "Ivan Petrov" }],
    }),
  ]),
  legit("a guest who mistyped the security code once, then paid", async (d) => [
    await d.order({
      ip: IPS.US,
      email: "typo@example.com",
      ship: { name: "Tom Baker", ...PLACES.US },
      payments: [
        { card: CARDS.incorrectCvc, name: "Tom Baker" },
        { card: d.newCard(), name: "Tom Baker" },
      ],
    }),
  ]),
  legit("a customer whose card was declined twice for funds, then paid with another", async (d) => {
    const userId = await d.register("Rita Gomez", "rita@example.com", IPS.US);
    return [
      await d.order({
        ip: IPS.US,
        email: "rita@example.com",
        userId,
        ship: { name: "Rita Gomez", ...PLACES.US },
        payments: [
          { card: CARDS.insufficientFunds, name: "Rita Gomez" },
          { card: CARDS.insufficientFunds, name: "Rita Gomez" },
          { card: d.newCard(), name: "Rita Gomez" },
        ],
      }),
    ];
  }),

  // ---- fraud ----
  fraud("account takeover: signed up in the US, orders from Germany with a new card", "ip-country-mismatch", (d) =>
    customerOrder(d, { name: "Paul Adams", email: "paul@example.com", signupIp: IPS.US, orderIp: IPS.DE }),
  ),
  fraud("three declined cards, then a fourth that works, on one checkout", "declines-before-success", async (d) => {
    const userId = await d.register("Ken Ito", "ken@example.com", IPS.US);
    return [
      await d.order({
        ip: IPS.US,
        email: "ken@example.com",
        userId,
        ship: { name: "Ken Ito", ...PLACES.US },
        payments: [CARDS.declined, CARDS.lost, CARDS.stolen, d.newCard()].map((card) => ({ card, name: "Ken Ito" })),
      }),
    ];
  }),
  fraud("three checkouts each declined and abandoned, then a fourth card", "declines-before-success", async (d) => {
    const userId = await d.register("Zoe Hart", "zoe@example.com", IPS.US);
    for (const card of [CARDS.declined, CARDS.insufficientFunds, CARDS.expired])
      await d.order({
        ip: IPS.US,
        email: "zoe@example.com",
        userId,
        ship: { name: "Zoe Hart", ...PLACES.US },
        payments: [{ card, name: "Zoe Hart" }],
      });
    return [
      await d.order({
        ip: IPS.US,
        email: "zoe@example.com",
        userId,
        ship: { name: "Zoe Hart", ...PLACES.US },
        payments: [{ card: d.newCard(), name: "Zoe Hart" }],
      }),
    ];
  }),
  fraud(
    "a first-time guest in Germany: US billing, a card in another name, shipping to a third",
    "ip-country-mismatch",
    async (d) => [
      await d.order({
        ip: IPS.DE,
        email: "new.guest@example.com",
        ship: { name: "Carl Weber", ...PLACES.US },
        payments: [{ card: d.newCard(), name: "Dana Fox", billing: PLACES.US }],
      }),
    ],
  ),
  fraud("a guest paying with a card in someone else's name", "cardholder-name-mismatch", async (d) => [
    await d.order({
      ip: IPS.US,
      email: "gift@example.com",
      ship: { name: "Hannah Lee", ...PLACES.US },
      payments: [{ card: d.newCard(), name: "Victor Stone" }],
    }),
  ]),
  fraud("a customer paying with a card in someone else's name", "cardholder-name-mismatch", (d) =>
    customerOrder(d, { name: "Nina Berg", email: "nina@example.com", signupIp: IPS.US, cardholder: "Mark Rowe" }),
  ),
  fraud(
    'a long account name containing the cardholder: "Alice Robert Brown Martin" vs "Robert Brown"',
    "cardholder-name-mismatch",
    (d) =>
      customerOrder(d, {
        name: "Alice Robert Brown Martin",
        email: "arbm@example.com",
        signupIp: IPS.US,
        cardholder: "Robert Brown",
      }),
  ),
  fraud("a US customer billing in the US with a card issued in Britain", "billing-mismatch", (d) =>
    customerOrder(d, { name: "Greg Hall", email: "greg@example.com", signupIp: IPS.US, card: CARDS.britain }),
  ),
  fraud("a US customer shipping to Britain, billed in the US", "shipping-billing-mismatch", async (d) => {
    const userId = await d.register("Ruth Cole", "ruth@example.com", IPS.US);
    return [
      await d.order({
        ip: IPS.US,
        email: "ruth@example.com",
        userId,
        ship: { name: "Ruth Cole", ...PLACES.GB },
        payments: [{ card: d.newCard(), name: "Ruth Cole", billing: PLACES.US }],
      }),
    ];
  }),
  fraud("one card on three guest orders within a day", "card-many-orders", async (d) => {
    const card = d.newCard();
    const order = () =>
      d.order({
        ip: IPS.US,
        email: "reseller@example.com",
        ship: { name: "Max Kane", ...PLACES.US },
        payments: [{ card, name: "Max Kane" }],
      });
    await order();
    await order();
    return [await order()];
  }),
  fraud("one card shared by two accounts", "card-many-orders", async (d) => {
    const card = d.newCard();
    await customerOrder(d, { name: "Ian Moss", email: "ian@example.com", signupIp: IPS.US, card });
    return customerOrder(d, { name: "Ian Moss", email: "ian.moss@example.net", signupIp: IPS.US2, card });
  }),
  fraud("one customer paying with three cards within a week", "customer-many-cards", async (d) => {
    const userId = await d.register("Leo Grant", "leo@example.com", IPS.US);
    const order = () =>
      d.order({
        ip: IPS.US,
        email: "leo@example.com",
        userId,
        ship: { name: "Leo Grant", ...PLACES.US },
        payments: [{ card: d.newCard(), name: "Leo Grant" }],
      });
    await order();
    await order();
    return [await order()];
  }),
  fraud(
    "a guest testing cards under spellings of one Gmail address, from different networks",
    "declines-before-success",
    async (d) => {
      const tries: Array<[string, string, string]> = [
        ["bob+1@gmail.com", IPS.US, CARDS.declined],
        ["b.o.b@gmail.com", IPS.US2, CARDS.stolen],
        ["BOB@googlemail.com", IPS.CA, CARDS.lost],
      ];
      for (const [email, ip, card] of tries)
        await d.order({ ip, email, ship: { name: "Bob Ray", ...PLACES.US }, payments: [{ card, name: "Bob Ray" }] });
      return [
        await d.order({
          ip: IPS.GB2,
          email: "bob@gmail.com",
          ship: { name: "Bob Ray", ...PLACES.US },
          payments: [{ card: d.newCard(), name: "Bob Ray", billing: PLACES.US }],
        }),
      ];
    },
  ),
  fraud("card testing from one address under different emails", "declines-before-success", async (d) => {
    for (const [i, card] of [CARDS.declined, CARDS.insufficientFunds, CARDS.lost].entries())
      await d.order({
        ip: IPS.US2,
        email: `tester${i}@example.com`,
        ship: { name: "Al Vega", ...PLACES.US },
        payments: [{ card, name: "Al Vega" }],
      });
    return [
      await d.order({
        ip: IPS.US2,
        email: "clean@example.com",
        ship: { name: "Al Vega", ...PLACES.US },
        payments: [{ card: d.newCard(), name: "Al Vega" }],
      }),
    ];
  }),
  fraud(
    "card testing on one cart (checkout cookie) under changing emails and addresses",
    "declines-before-success",
    async (d) => {
      const cartToken = await d.cart();
      for (const [i, [card, ip]] of (
        [
          [CARDS.declined, IPS.US],
          [CARDS.stolen, IPS.US2],
          [CARDS.expired, IPS.CA],
        ] as const
      ).entries())
        await d.order({
          cartToken,
          ip,
          email: `cart${i}@example.com`,
          ship: { name: "Jo Lin", ...PLACES.US },
          payments: [{ card, name: "Jo Lin" }],
        });
      return [
        await d.order({
          cartToken,
          ip: IPS.US,
          email: "cart-final@example.com",
          ship: { name: "Jo Lin", ...PLACES.US },
          payments: [{ card: d.newCard(), name: "Jo Lin" }],
        }),
      ];
    },
  ),
  fraud("a guest in Britain paying with a card issued in Brazil", "ip-country-mismatch", async (d) => [
    await d.order({
      ip: IPS.GB,
      email: "uk.guest@example.com",
      ship: { name: "Amy Ward", ...PLACES.GB },
      payments: [{ card: CARDS.brazil, name: "Amy Ward" }],
    }),
  ]),
  fraud(
    "a returning guest whose earlier orders came from the US, now from Germany",
    "ip-country-mismatch",
    async (d) => {
      const order = (ip: string) =>
        d.order({
          ip,
          email: "returning@example.com",
          ship: { name: "Ben Cruz", ...PLACES.US },
          payments: [{ card: d.newCard(), name: "Ben Cruz" }],
        });
      await d.age(await order(IPS.US), 30);
      return [await order(IPS.DE)];
    },
  ),
  fraud("an account from the US ordering from Canada, shipping to Britain", "shipping-billing-mismatch", async (d) => {
    const userId = await d.register("Uma Shah", "uma@example.com", IPS.US);
    return [
      await d.order({
        ip: IPS.CA,
        email: "uma@example.com",
        userId,
        ship: { name: "Uma Shah", ...PLACES.GB },
        payments: [{ card: d.newCard(), name: "Uma Shah", billing: PLACES.US }],
      }),
    ];
  }),
];
