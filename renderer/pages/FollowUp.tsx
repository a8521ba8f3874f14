import { NotBuiltPage } from './NotBuilt';

export function FollowUpPage() {
  return (
    <NotBuiltPage title="Uppföljning">
      <ul>
        <li>avvikelser per period för förvaltning, sektor, verksamhet och enhet</li>
        <li>helårsprognos och kommentarer (orsak och åtgärd) med status från enhet till förvaltning</li>
      </ul>
    </NotBuiltPage>
  );
}
