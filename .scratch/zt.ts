import { z } from "zod";
import { Q } from "../src/server/params.js";
console.log(JSON.stringify(z.toJSONSchema(Q.claims, { io: "output", unrepresentable: "any" }), null, 0).slice(0, 3000));
console.log(JSON.stringify(z.toJSONSchema(Q.search, { io: "input", unrepresentable: "any" }), null, 0).slice(0, 3000));
