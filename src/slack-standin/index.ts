export { startSlackStandin } from "./server.js";
export { signSlackRequest } from "./signature.js";
export type {
  ApiCall,
  DispatchResult,
  SlackStandin,
  StandinChannel,
  StandinFailure,
  StandinMessage,
  StandinOptions,
  StandinUser,
  StandinUsergroup,
  StandinView,
  StandinViewPayload,
  ViewStateValues,
} from "./types.js";
