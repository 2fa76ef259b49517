"""Strings for building cycle summaries."""

NB = {
    "cycle.no_gathering": "Nettverket «{network}» har ingen samling nummer {seq}.",
    "cycle.no_network": "Fant ikke nettverket «{name}».",
}
EN = {
    "cycle.no_gathering": "The network “{network}” has no gathering number {seq}.",
    "cycle.no_network": "Could not find the network “{name}”.",
}
