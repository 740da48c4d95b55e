#include "emulator/oauth_state.h"

namespace anaplan::emulator {

OAuthState OAuthState::Seeded() {
  OAuthState state;
  state.clients["a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4"] =
      OAuthClientRecord{"emulator-client-secret", true, false, 1, 60};
  state.clients["b1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4"] =
      OAuthClientRecord{"emulator-client-secret", false, false, 1, 60};
  state.clients["d1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4"] =
      OAuthClientRecord{"", true, true, 1, 60};
  return state;
}

}  // namespace anaplan::emulator
