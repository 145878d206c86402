import { openStore } from "../../src/store/index.js";
import { describeStoreContract } from "./store-contract.js";

// A schema here, none on the data directory: both ways of naming tables get exercised on PGlite.
describeStoreContract("in-memory PGlite", (options) => openStore({ ...options, schema: "partner_central" }));
