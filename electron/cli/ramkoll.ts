import { exitWith, processIO, tolerateClosedPipes } from './io';
import { main } from './main';

tolerateClosedPipes();
exitWith(main(process.argv.slice(2), processIO));
